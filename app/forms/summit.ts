import { z } from "zod";
import type { $ZodError, $ZodType, input, output } from "zod/v4/core";
import { normalizeEmailAddress } from "~/domain/people/email-address";
import { PHASE_ORDER } from "~/domain/summit/phases";
import {
  canonicalTimezone,
  DISPLAY_NAME_MAX_LENGTH,
  isIsoDate,
  SIGN_OFF_MAX_LENGTH,
  SLUG_MAX_LENGTH,
  SLUG_PATTERN,
  TITLE_MAX_LENGTH,
  VENUE_MAX_LENGTH,
} from "~/domain/summit/details";
import { refusalReply } from "./reply";
import { textField } from "./text";

/** A plain address, trimmed and lower-cased (R40); the message says what is wrong. */
export const emailField = z.string({ error: "Enter an email address." }).transform((value, ctx) => {
  const checked = normalizeEmailAddress(value);
  if (!checked.ok) {
    ctx.addIssue({ code: "custom", message: checked.reason });
    return z.NEVER;
  }
  return checked.address;
});

const dateField = (which: "first" | "last") =>
  z
    .string({ error: `Enter the ${which} day of the summit.` })
    .trim()
    .min(1, `Enter the ${which} day of the summit.`)
    .refine(isIsoDate, "Enter a real date as YYYY-MM-DD, such as 2025-10-25.");

const detailsShape = {
  title: textField({ name: "A title", max: TITLE_MAX_LENGTH, required: "Enter a title." }),
  startsOn: dateField("first"),
  endsOn: dateField("last"),
  timezone: z
    .string({ error: "Enter the timezone the summit meets in." })
    .trim()
    .min(1, "Enter the timezone the summit meets in.")
    .transform((value, ctx) => {
      const name = canonicalTimezone(value);
      if (!name) {
        ctx.addIssue({ code: "custom", message: "Enter an IANA timezone name such as Europe/Prague or UTC." });
        return z.NEVER;
      }
      return name;
    }),
  venue: textField({ name: "The venue", max: VENUE_MAX_LENGTH }).default(""),
  listAddress: emailField,
  signOff: textField({
    name: "The sign-off",
    max: SIGN_OFF_MAX_LENGTH,
    oneLineMessage: "The sign-off is one line, such as “-- PMM”.",
  }).default(""),
};

/** The last day may not come before the first. Checked only once both are real dates. */
function datesInOrder<T extends { startsOn: string; endsOn: string }>(schema: z.ZodType<T>) {
  return schema.refine((v) => v.endsOn >= v.startsOn, {
    path: ["endsOn"],
    message: "The last day cannot be before the first day.",
    when: (payload) => {
      const v = payload.value as { startsOn?: unknown; endsOn?: unknown };
      return (
        typeof v.startsOn === "string" &&
        typeof v.endsOn === "string" &&
        isIsoDate(v.startsOn.trim()) &&
        isIsoDate(v.endsOn.trim())
      );
    },
  });
}

export const EditSummitFormSchema = datesInOrder(z.object(detailsShape).strict());

export const CreateSummitFormSchema = datesInOrder(
  z
    .object({
      ...detailsShape,
      slug: z
        .string({ error: "Enter the summit's short name for its address." })
        .trim()
        .min(1, "Enter the summit's short name for its address.")
        .max(SLUG_MAX_LENGTH, `The short name has at most ${SLUG_MAX_LENGTH} characters.`)
        .regex(SLUG_PATTERN, "Use lower-case letters, digits and single hyphens, such as qemu-summit-2025."),
    })
    .strict(),
);

export type SummitDetails = z.output<typeof EditSummitFormSchema>;
export type NewSummitDetails = z.output<typeof CreateSummitFormSchema>;

/**
 * Whether the summit is public (visitors see its accepted items from the agenda phase on): a checkbox, sent as "on"
 * when ticked and absent otherwise.
 */
export const VisibilityFormSchema = z
  .object({ isPublic: z.literal("on", { error: "Tick the box or leave it empty." }).optional() })
  .strict()
  .transform((value) => ({ isPublic: value.isPublic === "on" }));

/** Naming or removing a person (organizer, minute-taker) by address. */
export const PersonFormSchema = z.object({ email: emailField }).strict();

export const AdminAddSchema = z
  .object({
    email: emailField,
    name: textField({ name: "A name", max: DISPLAY_NAME_MAX_LENGTH, required: "A name cannot be empty." }).optional(),
  })
  .strict();

const phaseField = (message: string) => z.enum(PHASE_ORDER, { error: message });

/** `from` is the phase the organizer saw; a move from anything else is refused as stale. */
export const MovePhaseFormSchema = z
  .object({
    from: phaseField("The current phase is missing or unknown; reload the page."),
    to: phaseField("Choose the phase to move to."),
  })
  .strict();

export type FieldErrors = Record<string, string>;

/** The first message for each field; problems with the form as a whole go under "form". */
export function fieldErrorsOf(error: $ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      errors.form ??= `This form does not take ${issue.keys.map((k) => `“${k}”`).join(", ")}.`;
      continue;
    }
    const key = issue.path.length > 0 ? String(issue.path[0]) : "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

export type FormFields = { ok: true; fields: Record<string, string> } | { ok: false; message: string };

/**
 * The text fields of a posted form. A field sent twice or a file is refused
 * rather than silently resolved one way or the other.
 */
export function readFormFields(formData: FormData): FormFields {
  const fields: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string") return { ok: false, message: `The field “${key}” must be text.` };
    if (Object.prototype.hasOwnProperty.call(fields, key)) {
      return { ok: false, message: `The field “${key}” was sent more than once.` };
    }
    fields[key] = value;
  }
  return { ok: true, fields };
}

/**
 * `schema` as a page posts it when the page has several forms (Manage, Administration): beside its fields, the
 * `intent` that tells the route which form it is. The page validates with it; the route hands the service the fields
 * alone, so a service's schema never learns a page's intents.
 */
export function withIntent<S extends $ZodType>(schema: S): $ZodType<output<S>, input<S> & { intent?: string }> {
  const fieldsOnly = (value: unknown) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
    const { intent: _intent, ...fields } = value as Record<string, unknown>;
    return fields;
  };
  return z.pipe(z.transform(fieldsOnly), schema) as unknown as $ZodType<output<S>, input<S> & { intent?: string }>;
}

/**
 * What an action answers when a service refuses one of a page's forms: Conform's reply for the page (the message
 * over the form, each field's message beside its field, everything typed kept), and the same refusal in plain terms
 * for clients that do not read Conform's reply: the message, the messages by field and the fields as sent.
 */
export function refusedForm<I extends string>(
  intent: I,
  formData: FormData,
  schema: $ZodType,
  refusal: { message: string; fieldErrors?: FieldErrors },
  values: Record<string, string>,
) {
  return {
    intent,
    result: refusalReply(formData, withIntent(schema) as Parameters<typeof refusalReply>[1], refusal),
    message: refusal.message,
    fieldErrors: refusal.fieldErrors ?? {},
    values,
  };
}
