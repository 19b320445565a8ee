// The forms of the day's page: pin an item at a time, unpin it, swap two
// items, publish. Each is strict: a field it does not take is refused.
import * as z from "zod/mini";
import "./text";

const itemNumber = (what: string) =>
  z.pipe(
    z
      .string({ error: `Say which item ${what}.` })
      .check(z.trim(), z.regex(/^\d{1,6}$/, { error: `Give the number of the item ${what}.` })),
    z.transform(Number),
  );

export const PinFormSchema = z.strictObject({
  item: itemNumber("to put at a time"),
  date: z
    .string({ error: "Choose the day." })
    .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Choose one of the summit's days." })),
  time: z
    .string({ error: "Give the time." })
    .check(z.trim(), z.regex(/^\d{2}:\d{2}$/, { error: "Give the time as HH:MM, as 14:30." })),
});

export const UnpinFormSchema = z.strictObject({ item: itemNumber("to unpin") });

export const SwapFormSchema = z.strictObject({
  item: itemNumber("to swap"),
  with: itemNumber("to swap it with"),
});

export const PublishFormSchema = z.strictObject({});
