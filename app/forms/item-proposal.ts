// The forms of proposing an item and of editing or withdrawing it. The proposal and
// edit forms validate in the browser with these very schemas, and the server checks
// with the same ones. They are built with Zod's mini build, which brings into the
// browser only the code they call (a schema of the classic build carries the methods
// of every other kind, so most of Zod comes with any), and this module holds nothing
// else, so that a page loading it loads no other schema.
import * as z from "zod/mini";
import {
  BACKGROUND_MAX_LENGTH,
  checkDesiredOutcome,
  checkMinutesNeeded,
  isOutcomeKind,
  ITEM_TITLE_MAX_LENGTH,
  LINK_MAX_LENGTH,
  LINKS_MAX,
  MINUTES_NEEDED_MAX,
  MINUTES_NEEDED_MIN,
  normalizeLinks,
  OUTCOME_GUIDANCE,
  OUTCOME_KIND_VALUES,
} from "~/domain/agenda/agenda-item";
import { miniIdField, miniTextField } from "./text";

/** The links box takes one address per line; room for every link at its longest. */
export const LINKS_FIELD_MAX_LENGTH = LINKS_MAX * LINK_MAX_LENGTH;
/** A hard cap before the outcome rules judge the text (which allow 500). */
const DESIRED_OUTCOME_FIELD_MAX = 2_000;

/** Refuses the value being transformed with the message, beside the field. */
function refuse(ctx: z.core.ParsePayload, message: string): never {
  ctx.issues.push({ code: "custom", message, input: ctx.value });
  return z.NEVER;
}

/** An optional id a browser sends empty: empty means absent. */
function optionalId(message: string) {
  return z.pipe(
    z.pipe(
      z.optional(z.string({ error: message })),
      z.transform((value: string | undefined) =>
        value === undefined || value.trim() === "" ? undefined : value.trim(),
      ),
    ),
    z.optional(miniIdField(message)),
  );
}

const minutesNeededField = z.pipe(
  z
    .string({ error: `Give the time requested, in minutes from ${MINUTES_NEEDED_MIN} to ${MINUTES_NEEDED_MAX}.` })
    .check(z.trim()),
  z.transform((value: string, ctx) => {
    const minutesNeeded = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
    const check = checkMinutesNeeded(minutesNeeded);
    return check.ok ? check.minutesNeeded : refuse(ctx, check.reason);
  }),
);

const linksField = z.pipe(
  z._default(miniTextField({ name: "The links", max: LINKS_FIELD_MAX_LENGTH, multiline: true }), ""),
  z.transform((value: string, ctx) => {
    const check = normalizeLinks(value.split(/\r?\n/));
    return check.ok ? check.links : refuse(ctx, check.reason);
  }),
);

/** The fields of an item's text, shared by the proposal and the edit forms. */
const itemContentShape = {
  title: miniTextField({
    name: "A title",
    max: ITEM_TITLE_MAX_LENGTH,
    required: "Enter a title.",
    oneLineMessage: "A title is one line.",
  }),
  outcomeKind: z.enum(OUTCOME_KIND_VALUES, { error: "Choose the kind of outcome the item seeks." }),
  desiredOutcome: miniTextField({
    name: "The desired outcome",
    max: DESIRED_OUTCOME_FIELD_MAX,
    required: `Enter the desired outcome. ${OUTCOME_GUIDANCE}`,
    multiline: true,
  }),
  background: z._default(miniTextField({ name: "The background", max: BACKGROUND_MAX_LENGTH, multiline: true }), ""),
  minutesNeeded: minutesNeededField,
  /** The discussion lead; absent means the proposer. */
  leadId: optionalId("Choose the discussion lead from the list."),
  links: linksField,
};

/**
 * The outcome rules of the domain, beside the desired outcome. They run even
 * when another field is wrong, so every problem shows at once.
 */
const outcomeRules = z.superRefine(
  (value: Record<string, unknown>, ctx) => {
    const { title, outcomeKind, desiredOutcome } = value;
    if (typeof title !== "string" || typeof desiredOutcome !== "string" || !isOutcomeKind(outcomeKind)) return;
    const problem = checkDesiredOutcome({ title, outcomeKind, desiredOutcome });
    if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["desiredOutcome"] });
  },
  { when: (payload) => typeof payload.value === "object" && payload.value !== null },
);

/** Proposing an item: kept as a draft, or submitted to the organizers at once. */
export const NewItemFormSchema = z
  .strictObject({
    intent: z.enum(["submit", "save-draft"], { error: "Choose to submit or keep a draft." }),
    ...itemContentShape,
  })
  .check(outcomeRules);

/** The revision the editor started from: a save on top of someone else's is refused, not lost. */
const revisionField = z.pipe(
  z
    .string({ error: "This form is incomplete; reload the page." })
    .check(z.regex(/^[1-9]\d{0,5}$/, { error: "This form is incomplete; reload the page." })),
  z.transform(Number),
);

/** Editing an item's text; "submit" also submits a draft or an item returned for changes. */
export const EditItemFormSchema = z
  .strictObject({
    intent: z.enum(["save", "submit"], { error: "Choose to save or submit." }),
    revision: revisionField,
    ...itemContentShape,
  })
  .check(outcomeRules);

/** The proposer takes their item back. */
export const WithdrawItemFormSchema = z.strictObject({ intent: z.literal("withdraw") });

export type NewItemForm = z.output<typeof NewItemFormSchema>;
export type EditItemForm = z.output<typeof EditItemFormSchema>;
