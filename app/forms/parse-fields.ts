// One posted form's fields against its strict schema, for pages with several
// forms told apart by their intent: the values, or every message as one refusal.
import type { ZodMiniType } from "zod/mini";
import * as z from "zod/mini";

export function parseFields<T>(schema: ZodMiniType<T>, fields: Record<string, string>): T | { refused: string } {
  const parsed = z.safeParse(schema, fields);
  return parsed.success ? parsed.data : { refused: parsed.error.issues.map((i) => i.message).join(" ") };
}
