import { z } from "zod";
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
import { ITEM_STATUSES } from "~/domain/agenda/item-lifecycle";
import { idField, textField } from "./text";

/** The links box takes one address per line; room for every link at its longest. */
export const LINKS_FIELD_MAX_LENGTH = LINKS_MAX * LINK_MAX_LENGTH;
/** A hard cap before the outcome rules judge the text (which allow 500). */
const DESIRED_OUTCOME_FIELD_MAX = 2_000;
export const STATUS_NOTE_MAX_LENGTH = 2_000;

/** An optional id a browser sends empty: empty means absent. */
function optionalId(message: string) {
  return z
    .string({ error: message })
    .optional()
    .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()))
    .pipe(idField(message).optional());
}

const minutesField = z
  .string({ error: `Give the minutes needed, from ${MINUTES_NEEDED_MIN} to ${MINUTES_NEEDED_MAX}.` })
  .trim()
  .transform((value, ctx) => {
    const minutes = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
    const check = checkMinutesNeeded(minutes);
    if (!check.ok) {
      ctx.addIssue({ code: "custom", message: check.reason });
      return z.NEVER;
    }
    return check.minutes;
  });

const linksField = textField({ name: "The links", max: LINKS_FIELD_MAX_LENGTH, multiline: true })
  .default("")
  .transform((value, ctx) => {
    const check = normalizeLinks(value.split(/\r?\n/));
    if (!check.ok) {
      ctx.addIssue({ code: "custom", message: check.reason });
      return z.NEVER;
    }
    return check.links;
  });

/** The fields of an item's text, shared by the proposal and the edit forms. */
const itemContentShape = {
  title: textField({
    name: "A title",
    max: ITEM_TITLE_MAX_LENGTH,
    required: "Enter a title.",
    oneLineMessage: "A title is one line.",
  }),
  outcomeKind: z.enum(OUTCOME_KIND_VALUES, { error: "Choose the kind of outcome the item seeks." }),
  desiredOutcome: textField({
    name: "The desired outcome",
    max: DESIRED_OUTCOME_FIELD_MAX,
    required: `Enter the desired outcome. ${OUTCOME_GUIDANCE}`,
    multiline: true,
  }),
  background: textField({ name: "The background", max: BACKGROUND_MAX_LENGTH, multiline: true }).default(""),
  minutesNeeded: minutesField,
  /** The discussion lead; absent means the proposer. */
  leadId: optionalId("Choose the discussion lead from the list."),
  links: linksField,
};

/**
 * The outcome rules of the domain, beside the desired outcome. They run even
 * when another field is wrong, so every problem shows at once.
 */
function checkOutcome(value: Record<string, unknown>, ctx: z.RefinementCtx) {
  const { title, outcomeKind, desiredOutcome } = value;
  if (typeof title !== "string" || typeof desiredOutcome !== "string" || !isOutcomeKind(outcomeKind)) return;
  const problem = checkDesiredOutcome({ title, outcomeKind, desiredOutcome });
  if (problem) ctx.addIssue({ code: "custom", message: problem, path: ["desiredOutcome"] });
}

/** Proposing an item: kept as a draft, or submitted to the organizers at once. */
export const NewItemFormSchema = z
  .object({
    intent: z.enum(["submit", "save-draft"], { error: "Choose to submit or keep a draft." }),
    ...itemContentShape,
  })
  .strict()
  .superRefine(checkOutcome, { when: (payload) => typeof payload.value === "object" && payload.value !== null });

/** The revision the editor started from: a save on top of someone else's is refused, not lost. */
const revisionField = z
  .string({ error: "This form is incomplete; reload the page." })
  .regex(/^[1-9]\d{0,5}$/, { error: "This form is incomplete; reload the page." })
  .transform(Number);

/** Editing an item's text; "submit" also submits a draft or an item returned for changes. */
export const EditItemFormSchema = z
  .object({
    intent: z.enum(["save", "submit"], { error: "Choose to save or submit." }),
    revision: revisionField,
    ...itemContentShape,
  })
  .strict()
  .superRefine(checkOutcome, { when: (payload) => typeof payload.value === "object" && payload.value !== null });

/** The proposer takes their item back. */
export const WithdrawItemFormSchema = z.object({ intent: z.literal("withdraw") }).strict();

/** Co-sponsoring takes no fields: the item is in the address, the person is signed in. */
export const CosponsorFormSchema = z.object({ intent: z.enum(["cosponsor", "unsponsor"]) }).strict();

const itemNumberField = z
  .string({ error: "Name the item by its number." })
  .trim()
  .regex(/^[1-9]\d{0,8}$/, { error: "An item number is a whole number such as 3." })
  .transform(Number);

/** The organizers' decisions on an item. */
export const TriageFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("accept"), number: itemNumberField }).strict(),
  z.object({ intent: z.literal("reopen"), number: itemNumberField }).strict(),
  z
    .object({
      intent: z.literal("decline"),
      number: itemNumberField,
      reason: textField({
        name: "The reason",
        max: STATUS_NOTE_MAX_LENGTH,
        required: "Say why the item is declined; the proposer reads it.",
        multiline: true,
      }),
    })
    .strict(),
  z
    .object({
      intent: z.literal("return"),
      number: itemNumberField,
      comment: textField({
        name: "The comment",
        max: STATUS_NOTE_MAX_LENGTH,
        required: "Say what the proposer should change.",
        multiline: true,
      }),
    })
    .strict(),
  z
    .object({
      intent: z.literal("merge"),
      number: itemNumberField,
      into: itemNumberField,
    })
    .strict(),
]);

export type NewItemForm = z.output<typeof NewItemFormSchema>;
export type EditItemForm = z.output<typeof EditItemFormSchema>;
export type TriageForm = z.output<typeof TriageFormSchema>;

/** Item numbers as they appear in addresses: "3", never "03", "3.0" or "-3". */
export function parseItemNumber(value: string | undefined): number | null {
  return value !== undefined && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : null;
}

export const ITEM_SORTS = ["newest", "cosponsors"] as const;
export const ITEM_PAGE_SIZE = 25;

/**
 * The list's filters, read from the query string. Anything unknown or
 * malformed falls back to "no filter" rather than an error: these are links
 * people share and edit by hand.
 */
export const ItemListQuerySchema = z.object({
  status: z.enum(ITEM_STATUSES).optional().catch(undefined),
  kind: z.enum(OUTCOME_KIND_VALUES).optional().catch(undefined),
  /** Words of the discussion lead's name: a summit may have hundreds of people, too many for a list. */
  lead: z
    .string()
    .max(100)
    .optional()
    .catch(undefined)
    .transform((value) => value?.trim() ?? ""),
  q: z
    .string()
    .max(200)
    .optional()
    .catch(undefined)
    .transform((value) => value?.trim() ?? ""),
  sort: z.enum(ITEM_SORTS).catch("newest").default("newest"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export type ItemListQuery = z.output<typeof ItemListQuerySchema>;
