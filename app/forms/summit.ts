// Built with Zod's mini build: the summit pages validate these forms in the browser,
// which then loads only the code the schemas call.
import * as z from "zod/mini";
import type { $ZodError, $ZodType, input, output } from "zod/v4/core";
import { parseDayText } from "~/domain/agenda/day-text";
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
import { miniTextField } from "./text";

/** Refuses the value being transformed with the message, beside the field. */
function refuse(ctx: z.core.ParsePayload, message: string): never {
  ctx.issues.push({ code: "custom", message, input: ctx.value });
  return z.NEVER;
}

/** A plain address, trimmed and lower-cased (R40); the message says what is wrong. */
export const emailField = z.pipe(
  z.string({ error: "Enter an email address." }),
  z.transform((value: string, ctx) => {
    const checked = normalizeEmailAddress(value);
    return checked.ok ? checked.address : refuse(ctx, checked.reason);
  }),
);

const dateField = (which: "first" | "last") =>
  z
    .string({ error: `Enter the ${which} day of the summit.` })
    .check(
      z.trim(),
      z.minLength(1, { error: `Enter the ${which} day of the summit.` }),
      z.refine(isIsoDate, { error: "Enter a real date as YYYY-MM-DD, such as 2025-10-25." }),
    );

const detailsShape = {
  title: miniTextField({ name: "A title", max: TITLE_MAX_LENGTH, required: "Enter a title." }),
  startsOn: dateField("first"),
  endsOn: dateField("last"),
  timezone: z.pipe(
    z
      .string({ error: "Enter the timezone the summit meets in." })
      .check(z.trim(), z.minLength(1, { error: "Enter the timezone the summit meets in." })),
    z.transform((value: string, ctx) => {
      const name = canonicalTimezone(value);
      return name ? name : refuse(ctx, "Enter an IANA timezone name such as Europe/Prague or UTC.");
    }),
  ),
  venue: z._default(miniTextField({ name: "The venue", max: VENUE_MAX_LENGTH }), ""),
  listAddress: emailField,
  signOff: z._default(
    miniTextField({
      name: "The sign-off",
      max: SIGN_OFF_MAX_LENGTH,
      oneLineMessage: "The sign-off is one line, such as “-- PMM”.",
    }),
    "",
  ),
};

/** The last day may not come before the first. Checked only once both are real dates. */
const datesInOrder = z.refine<{ startsOn: string; endsOn: string }>((v) => v.endsOn >= v.startsOn, {
  path: ["endsOn"],
  error: "The last day cannot be before the first day.",
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

export const EditSummitFormSchema = z.strictObject(detailsShape).check(datesInOrder);

export const CreateSummitFormSchema = z
  .strictObject({
    ...detailsShape,
    slug: z.string({ error: "Enter the summit's short name for its address." }).check(
      z.trim(),
      z.minLength(1, { error: "Enter the summit's short name for its address." }),
      z.maxLength(SLUG_MAX_LENGTH, { error: `The short name has at most ${SLUG_MAX_LENGTH} characters.` }),
      z.regex(SLUG_PATTERN, {
        error: "Use lower-case letters, digits and single hyphens, such as qemu-summit-2025.",
      }),
    ),
  })
  .check(datesInOrder);

export type SummitDetails = z.output<typeof EditSummitFormSchema>;
export type NewSummitDetails = z.output<typeof CreateSummitFormSchema>;

/**
 * Whether the summit is public (visitors see its accepted items from the agenda phase on): a checkbox, sent as "on"
 * when ticked and absent otherwise.
 */
export const VisibilityFormSchema = z.pipe(
  z.strictObject({ isPublic: z.optional(z.literal("on", { error: "Tick the box or leave it empty." })) }),
  z.transform((value: { isPublic?: "on" }) => ({ isPublic: value.isPublic === "on" })),
);

/** The summit's time, as lines of days and breaks (see `parseDayText`): read into days, every problem beside the field. */
export const DaysFormSchema = z.pipe(
  z.strictObject({
    days: miniTextField({ name: "The days", max: 4000, multiline: true, required: "Describe at least one day." }),
  }),
  z.transform((value: { days: string }, ctx) => {
    const parsed = parseDayText(value.days);
    if (parsed.ok) return { days: parsed.days };
    ctx.issues.push({ code: "custom", message: parsed.problems.join(" "), input: value.days, path: ["days"] });
    return z.NEVER;
  }),
);

/** Naming or removing a person (organizer, minute-taker) by address. */
export const PersonFormSchema = z.strictObject({ email: emailField });

export const AdminAddSchema = z.strictObject({
  email: emailField,
  name: z.optional(
    miniTextField({ name: "A name", max: DISPLAY_NAME_MAX_LENGTH, required: "A name cannot be empty." }),
  ),
});

const phaseField = (message: string) => z.enum(PHASE_ORDER, { error: message });

/** `from` is the phase the organizer saw; a move from anything else is refused as stale. */
export const MovePhaseFormSchema = z.strictObject({
  from: phaseField("The current phase is missing or unknown; reload the page."),
  to: phaseField("Choose the phase to move to."),
});

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
