// Built with Zod's mini build: the eligibility page validates these forms in the
// browser, which then loads only the code the schemas call.
import * as z from "zod/mini";
import type { $ZodType } from "zod/v4/core";
import { normalizeEmailAddress } from "~/domain/people/email-address";
import { DISPLAY_NAME_MAX_LENGTH } from "~/domain/summit/details";
import { miniTextField } from "./text";

export const TOP_N_MAX = 1000;
export const REASON_MAX_LENGTH = 300;
export const CAPACITY_MAX = 10_000;
export const ROLE_MAX_LENGTH = 200;

export const RULE_KINDS = ["top_contributors", "responsibility", "include", "exclude"] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const RuleKindSchema = z.enum(RULE_KINDS, { error: "Choose which kind of rule to add." });

export function isRuleKind(value: unknown): value is RuleKind {
  return typeof value === "string" && (RULE_KINDS as readonly string[]).includes(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Refuses the value being transformed with the message, beside the field (or the one `path` names). */
function refuse(ctx: z.core.ParsePayload, message: string, path?: PropertyKey[]): never {
  ctx.issues.push({ code: "custom", message, input: ctx.value, ...(path ? { path } : {}) });
  return z.NEVER;
}

/** A plain address, trimmed and lower-cased (R40). */
const emailField = z.pipe(
  z
    .string({ error: "Enter an email address." })
    .check(z.maxLength(1000, { error: "An email address has at most 254 characters." })),
  z.transform((value: string, ctx) => {
    const checked = normalizeEmailAddress(value);
    return checked.ok ? checked.address : refuse(ctx, checked.reason);
  }),
);

const reasonField = miniTextField({ name: "A reason", max: REASON_MAX_LENGTH, required: "Say why, in a few words." });

const topNMessage = `Enter how many contributors: a whole number from 1 to ${TOP_N_MAX}.`;

export const TopContributorsRuleFormSchema = z.strictObject({
  kind: z.literal("top_contributors"),
  sourceId: z.string({ error: "Choose a contributor source." }).check(
    z.trim(),
    z.minLength(1, { error: "Choose a contributor source." }),
    z.refine((v) => UUID.test(v), { error: "Choose one of this summit's contributor sources." }),
  ),
  n: z.pipe(
    z.union([z.string(), z.number()], { error: topNMessage }),
    z.transform((value: string | number, ctx) => {
      const text = String(value).trim();
      const n = /^\d{1,7}$/.test(text) ? Number(text) : Number.NaN;
      return Number.isInteger(n) && n >= 1 && n <= TOP_N_MAX ? n : refuse(ctx, topNMessage);
    }),
  ),
});

const roleField = z.string().check(z.maxLength(ROLE_MAX_LENGTH));

const responsibilityRuleFields = z.strictObject({
  kind: z.literal("responsibility"),
  scope: z.enum(["all", "chosen"], { error: "Choose every role, or the roles ticked below." }),
  roles: z.pipe(
    z.optional(
      z.union([roleField, z.array(roleField).check(z.maxLength(500))], { error: "Choose roles from the list." }),
    ),
    z.transform((v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  ),
});

/**
 * Holders of all roles (including roles imported later), or of the roles
 * ticked; that each ticked role is one the summit has is the service's check.
 */
export const ResponsibilityRuleFormSchema = z.pipe(
  responsibilityRuleFields,
  z.transform(
    (value: z.output<typeof responsibilityRuleFields>, ctx): { kind: "responsibility"; roles: string[] | "all" } => {
      if (value.scope === "all") return { kind: "responsibility", roles: "all" };
      const roles = [...new Set(value.roles.map((r) => r.trim()))];
      if (roles.length === 0) return refuse(ctx, "Tick at least one role, or choose every role.", ["roles"]);
      return { kind: "responsibility", roles: roles.sort() };
    },
  ),
);

/** The refusal of a ticked role the summit does not have. */
export function unknownRoleMessage(role: string): string {
  return `This summit has no role “${role.slice(0, 60)}”; choose among its roles.`;
}

export const IncludeRuleFormSchema = z.strictObject({
  kind: z.literal("include"),
  email: emailField,
  name: z.pipe(
    z.optional(miniTextField({ name: "A name", max: DISPLAY_NAME_MAX_LENGTH })),
    z.transform((v: string | undefined) => (v ? v : null)),
  ),
  reason: reasonField,
});

export const ExcludeRuleFormSchema = z.strictObject({
  kind: z.literal("exclude"),
  email: emailField,
  reason: reasonField,
});

export const RemoveRuleFormSchema = z.strictObject({
  ruleId: z
    .string({ error: "Say which rule to remove." })
    .check(z.refine((v) => UUID.test(v), { error: "This rule no longer exists; reload the page." })),
});

const checkbox = (label: string) =>
  z.pipe(
    z.optional(z.literal("on", { error: `“${label}” is a tick box: ticked or not.` })),
    z.transform((v: "on" | undefined) => v === "on"),
  );

const capacityMessage = `Enter a whole number from 1 to ${CAPACITY_MAX}, or leave it empty for no limit.`;

export const OpenSettingsFormSchema = z.strictObject({
  isOpen: checkbox("Open summit"),
  capacity: z.pipe(
    z.optional(z.string({ error: `Enter a whole number from 1 to ${CAPACITY_MAX}, or leave it empty.` })),
    z.transform((value: string | undefined, ctx) => {
      const text = (value ?? "").trim();
      if (text === "") return null;
      const n = /^\d{1,7}$/.test(text) ? Number(text) : Number.NaN;
      return Number.isInteger(n) && n >= 1 && n <= CAPACITY_MAX ? n : refuse(ctx, capacityMessage);
    }),
  ),
  seatRequestNeedsItem: checkbox("Requests must come with a proposed agenda item"),
});

export type OpenSettings = z.output<typeof OpenSettingsFormSchema>;

/** The schema of the form that adds a rule of `kind`; for anything else, one that only asks for a kind. */
export function ruleFormSchemaOf(kind: unknown): $ZodType {
  switch (kind) {
    case "top_contributors":
      return TopContributorsRuleFormSchema;
    case "responsibility":
      return ResponsibilityRuleFormSchema;
    case "include":
      return IncludeRuleFormSchema;
    case "exclude":
      return ExcludeRuleFormSchema;
    default:
      return z.object({ kind: RuleKindSchema });
  }
}

/** A form's fields as FormData, for Conform to read back (what a refused form shows again). */
export function formDataOf(fields: Readonly<Record<string, string | readonly string[] | undefined>>): FormData {
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    for (const one of typeof value === "string" ? [value] : value) formData.append(name, one);
  }
  return formData;
}

/** Fields of a posted eligibility form: text values, where only `roles` (tick boxes) may repeat. */
export type EligibilityFormFields = Record<string, string | string[]>;

export type ReadEligibilityForm = { ok: true; fields: EligibilityFormFields } | { ok: false; message: string };

/**
 * The fields of a posted form. Several ticked roles arrive as repeated
 * `roles` fields; any other field sent twice, or a file, is refused rather
 * than resolved one way or the other.
 */
export function readEligibilityForm(formData: FormData): ReadEligibilityForm {
  const fields: EligibilityFormFields = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string") return { ok: false, message: `The field “${key}” must be text.` };
    if (key === "roles") {
      const roles = fields.roles;
      fields.roles = Array.isArray(roles) ? [...roles, value] : [value];
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(fields, key)) {
      return { ok: false, message: `The field “${key}” was sent more than once.` };
    }
    fields[key] = value;
  }
  return { ok: true, fields };
}
