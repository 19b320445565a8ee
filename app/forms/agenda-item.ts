// Built with Zod's mini build, like the forms of ./item-proposal: a page that validates
// one of these in the browser loads only the code its schema calls.
import * as z from "zod/mini";
import { OUTCOME_KIND_VALUES } from "~/domain/agenda/agenda-item";
import { ITEM_STATUSES } from "~/domain/agenda/item-lifecycle";
import { miniTextField } from "./text";

// Proposing, editing and withdrawing an item have their schemas in ./item-proposal,
// which holds nothing else, so that the pages validating them in the browser load
// no other schema: a page imports them from there, the server may take them from here.
export {
  EditItemFormSchema,
  LINKS_FIELD_MAX_LENGTH,
  NewItemFormSchema,
  WithdrawItemFormSchema,
  type EditItemForm,
  type NewItemForm,
} from "./item-proposal";

export const STATUS_NOTE_MAX_LENGTH = 2_000;

/** Co-sponsoring takes no fields: the item is in the address, the person is signed in. */
export const CosponsorFormSchema = z.strictObject({ intent: z.enum(["cosponsor", "unsponsor"]) });

const itemNumberField = z.pipe(
  z
    .string({ error: "Name the item by its number." })
    .check(z.trim(), z.regex(/^[1-9]\d{0,8}$/, { error: "An item number is a whole number such as 3." })),
  z.transform(Number),
);

/** The organizers' decisions on an item. */
export const TriageFormSchema = z.discriminatedUnion("intent", [
  z.strictObject({ intent: z.literal("accept"), number: itemNumberField }),
  z.strictObject({ intent: z.literal("reopen"), number: itemNumberField }),
  z.strictObject({
    intent: z.literal("decline"),
    number: itemNumberField,
    reason: miniTextField({
      name: "The reason",
      max: STATUS_NOTE_MAX_LENGTH,
      required: "Say why the item is declined; the proposer reads it.",
      multiline: true,
    }),
  }),
  z.strictObject({
    intent: z.literal("return"),
    number: itemNumberField,
    comment: miniTextField({
      name: "The comment",
      max: STATUS_NOTE_MAX_LENGTH,
      required: "Say what the proposer should change.",
      multiline: true,
    }),
  }),
  z.strictObject({ intent: z.literal("merge"), number: itemNumberField, into: itemNumberField }),
]);

export type TriageForm = z.output<typeof TriageFormSchema>;

/** Item numbers as they appear in addresses: "3", never "03", "3.0" or "-3". */
export function parseItemNumber(value: string | undefined): number | null {
  return value !== undefined && /^[1-9]\d{0,8}$/.test(value) ? Number(value) : null;
}

export const ITEM_SORTS = ["newest", "cosponsors"] as const;
export const ITEM_PAGE_SIZE = 25;

/** Free text from the query string, trimmed; too long or not text reads as none. */
function trimmedWords(max: number) {
  return z.pipe(
    z.catch(z.optional(z.string().check(z.maxLength(max))), undefined),
    z.transform((value: string | undefined) => value?.trim() ?? ""),
  );
}

/**
 * The list's filters, read from the query string. Anything unknown or
 * malformed falls back to "no filter" rather than an error: these are links
 * people share and edit by hand.
 */
export const ItemListQuerySchema = z.object({
  status: z.catch(z.optional(z.enum(ITEM_STATUSES)), undefined),
  kind: z.catch(z.optional(z.enum(OUTCOME_KIND_VALUES)), undefined),
  /** Words of the discussion lead's name: a summit may have hundreds of people, too many for a list. */
  lead: trimmedWords(100),
  q: trimmedWords(200),
  sort: z._default(z.catch(z.enum(ITEM_SORTS), "newest"), "newest"),
  page: z._default(z.catch(z.coerce.number().check(z.int(), z.gte(1), z.lte(100_000)), 1), 1),
});

export type ItemListQuery = z.output<typeof ItemListQuerySchema>;
