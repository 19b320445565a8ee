// Built with Zod's mini build, like the item forms: the triage page checks its
// decisions in the browser with these very schemas and loads only what they call.
import * as z from "zod/mini";
import { DEFAULT_TRIAGE_VIEW, TRIAGE_VIEWS } from "~/domain/agenda/triage";
import { ItemListQuerySchema, TriageFormSchema, type TriageForm } from "./agenda-item";
import { refusalReply } from "./reply";

/**
 * The triage page's filters, read from the query string: those of the item
 * list (kind of outcome, the lead's name, words, the page) with a status view of
 * its own, by default the items still to decide, and no sort. As on the list,
 * anything unknown or malformed falls back to the default: these are
 * addresses people share and edit by hand.
 */
export const TriageQuerySchema = z.extend(z.omit(ItemListQuerySchema, { status: true, sort: true }), {
  status: z._default(z.catch(z.enum(TRIAGE_VIEWS), DEFAULT_TRIAGE_VIEW), DEFAULT_TRIAGE_VIEW),
});

export type TriageQuery = z.output<typeof TriageQuerySchema>;

/** The triage view an address asks for, as the page's query and as the view its links keep. */
export function triageViewOf(url: URL) {
  const query = TriageQuerySchema.parse(Object.fromEntries(url.searchParams));
  return { query, view: { status: query.status, kind: query.kind ?? "", lead: query.lead, q: query.q } };
}

/** The note or number each decision takes beside the item's number. */
const DECISION_FIELDS: readonly string[] = ["comment", "reason", "into"];
const FIELD_OF_DECISION: Readonly<Record<string, string>> = { return: "comment", decline: "reason", merge: "into" };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * An item's decisions share one form on the triage page, so a decision
 * arrives with the boxes of the others: of the comment, the reason and the
 * number to merge into, only the chosen decision's is its input. Any other
 * field stays, for the decision's schema to refuse.
 */
export function decisionFields<T extends Record<string, unknown>>(fields: T): Partial<T> {
  const kept = FIELD_OF_DECISION[String(fields.intent)];
  return Object.fromEntries(
    Object.entries(fields).filter(([name]) => !DECISION_FIELDS.includes(name) || name === kept),
  ) as Partial<T>;
}

/**
 * A number typed to merge into comes only with Merge: Enter in its box sends
 * the form with its first button (Accept), and that must not decide anything.
 */
const mergeNumberOnlyWithMerge = z.unknown().check(
  z.refine((value) => !(isRecord(value) && value.intent !== "merge" && String(value.into ?? "").trim() !== ""), {
    path: ["into"],
    error: "To merge into this item number, press Merge; nothing was decided.",
  }),
);

/**
 * An item's decisions as the triage page posts them, in one form: the
 * decision's own schema, after `decisionFields`, so it takes (and gives) what
 * that schema does.
 */
export const TriageItemFormSchema = z.pipe(
  z.pipe(
    mergeNumberOnlyWithMerge,
    z.transform((value: unknown) => (isRecord(value) ? decisionFields(value) : value)),
  ),
  TriageFormSchema,
) as unknown as z.ZodMiniType<TriageForm, z.input<typeof TriageFormSchema>>;

/**
 * A refused decision as a triage page shows it, beside the forms of the item
 * it was about: the item and decision, the message, and Conform's reply
 * keeping what was typed.
 */
export function triageFailure(
  formData: FormData,
  fields: Readonly<Record<string, string>>,
  refusal: { message: string; fieldErrors?: Record<string, string> },
) {
  const { intent = "", number = "", ...values } = fields;
  return {
    intent,
    number,
    values,
    message: refusal.message,
    fieldErrors: refusal.fieldErrors ?? {},
    result: refusalReply(formData, TriageItemFormSchema, refusal),
  };
}
