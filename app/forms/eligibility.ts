import { z, type ZodType } from "zod";
import { normalizeEmailAddress } from "~/domain/people/email-address";
import { DISPLAY_NAME_MAX_LENGTH } from "~/domain/summit/details";
import { textField } from "./text";

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

/** A plain address, trimmed and lower-cased (R40). */
const emailField = z
  .string({ error: "Enter an email address." })
  .max(1000, { error: "An email address has at most 254 characters." })
  .transform((value, ctx) => {
    const checked = normalizeEmailAddress(value);
    if (!checked.ok) {
      ctx.addIssue({ code: "custom", message: checked.reason });
      return z.NEVER;
    }
    return checked.address;
  });

const reasonField = textField({ name: "A reason", max: REASON_MAX_LENGTH, required: "Say why, in a few words." });

export const TopContributorsRuleFormSchema = z
  .object({
    kind: z.literal("top_contributors"),
    sourceId: z
      .string({ error: "Choose a contributor source." })
      .trim()
      .min(1, "Choose a contributor source.")
      .refine((v) => UUID.test(v), "Choose one of this summit's contributor sources."),
    n: z
      .union([z.string(), z.number()], { error: `Enter how many contributors: a whole number from 1 to ${TOP_N_MAX}.` })
      .transform((value, ctx) => {
        const text = String(value).trim();
        const n = /^\d{1,7}$/.test(text) ? Number(text) : Number.NaN;
        if (!Number.isInteger(n) || n < 1 || n > TOP_N_MAX) {
          ctx.addIssue({
            code: "custom",
            message: `Enter how many contributors: a whole number from 1 to ${TOP_N_MAX}.`,
          });
          return z.NEVER;
        }
        return n;
      }),
  })
  .strict();

/**
 * Holders of all roles (including roles imported later), or of the roles
 * ticked; that each ticked role is one the summit has is the service's check.
 */
export const ResponsibilityRuleFormSchema = z
  .object({
    kind: z.literal("responsibility"),
    scope: z.enum(["all", "chosen"], { error: "Choose every role, or the roles ticked below." }),
    roles: z
      .union([z.string().max(ROLE_MAX_LENGTH), z.array(z.string().max(ROLE_MAX_LENGTH)).max(500)], {
        error: "Choose roles from the list.",
      })
      .optional()
      .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  })
  .strict()
  .transform((value, ctx): { kind: "responsibility"; roles: string[] | "all" } => {
    if (value.scope === "all") return { kind: "responsibility", roles: "all" };
    const roles = [...new Set(value.roles.map((r) => r.trim()))];
    if (roles.length === 0) {
      ctx.addIssue({ code: "custom", path: ["roles"], message: "Tick at least one role, or choose every role." });
      return z.NEVER;
    }
    return { kind: "responsibility", roles: roles.sort() };
  });

/** The refusal of a ticked role the summit does not have. */
export function unknownRoleMessage(role: string): string {
  return `This summit has no role “${role.slice(0, 60)}”; choose among its roles.`;
}

export const IncludeRuleFormSchema = z
  .object({
    kind: z.literal("include"),
    email: emailField,
    name: textField({ name: "A name", max: DISPLAY_NAME_MAX_LENGTH })
      .optional()
      .transform((v) => (v ? v : null)),
    reason: reasonField,
  })
  .strict();

export const ExcludeRuleFormSchema = z
  .object({
    kind: z.literal("exclude"),
    email: emailField,
    reason: reasonField,
  })
  .strict();

export const RemoveRuleFormSchema = z
  .object({
    ruleId: z
      .string({ error: "Say which rule to remove." })
      .refine((v) => UUID.test(v), "This rule no longer exists; reload the page."),
  })
  .strict();

const checkbox = (label: string) =>
  z
    .literal("on", { error: `“${label}” is a tick box: ticked or not.` })
    .optional()
    .transform((v) => v === "on");

export const OpenSettingsFormSchema = z
  .object({
    isOpen: checkbox("Open summit"),
    capacity: z
      .string({ error: `Enter a whole number from 1 to ${CAPACITY_MAX}, or leave it empty.` })
      .optional()
      .transform((value, ctx) => {
        const text = (value ?? "").trim();
        if (text === "") return null;
        const n = /^\d{1,7}$/.test(text) ? Number(text) : Number.NaN;
        if (!Number.isInteger(n) || n < 1 || n > CAPACITY_MAX) {
          ctx.addIssue({
            code: "custom",
            message: `Enter a whole number from 1 to ${CAPACITY_MAX}, or leave it empty for no limit.`,
          });
          return z.NEVER;
        }
        return n;
      }),
    seatRequestNeedsItem: checkbox("Requests must come with a proposed agenda item"),
  })
  .strict();

export type OpenSettings = z.output<typeof OpenSettingsFormSchema>;

/** The schema of the form that adds a rule of `kind`; for anything else, one that only asks for a kind. */
export function ruleFormSchemaOf(kind: unknown): ZodType {
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

/**
 * The fields a form's schema reads: everything but the `intent` field that
 * names which form of the page was sent (the route reads it; the schema does not).
 */
export function withoutIntent(formData: FormData): FormData {
  const fields = new FormData();
  for (const [name, value] of formData.entries()) if (name !== "intent") fields.append(name, value);
  return fields;
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
