import { parse, type Submission } from "@conform-to/react";
import * as z from "zod/mini";

/**
 * The value of a posted field as Conform's own Zod integration hands it to the
 * schema: an empty text box or an empty file input is no value, so a required
 * field says it is missing and an optional one takes its default.
 */
function withoutEmptyValues(value: unknown): unknown {
  if (value === "") return undefined;
  if (typeof File !== "undefined" && value instanceof File && value.name === "" && value.size === 0) return undefined;
  if (Array.isArray(value)) return value.map(withoutEmptyValues);
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutEmptyValues(item)]));
  }
  return value;
}

/** A field's name from an issue's path, as Conform names fields: `links`, `items[0].title`. */
function fieldName(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((name, segment) => {
    if (typeof segment === "number") return `${name}[${segment}]`;
    if (typeof segment === "symbol") throw new Error("A form field cannot be named by a symbol.");
    return name ? `${name}.${segment}` : segment;
  }, "");
}

/**
 * Reads a posted form (or, in the browser, a form about to be sent) for
 * Conform with a Zod schema, as `parseWithZod` of `@conform-to/zod/v4` does,
 * for schemas built with `zod/mini` as well as classic ones. Conform's own
 * function rebuilds the schema with the classic build of Zod to coerce values,
 * which brings all of classic Zod into the browser; Summit's schemas read every
 * field as text (the server gets text too), so the only coercion needed is the
 * one above, and this stays as small as the schema.
 */
export function parseWithZod<Schema extends z.core.$ZodType>(
  payload: FormData | URLSearchParams,
  options: { schema: Schema },
): Submission<z.input<Schema>, string[], z.output<Schema>> {
  return parse<z.output<Schema>, string[]>(payload, {
    resolve(value) {
      const result = z.safeParse(options.schema, withoutEmptyValues(value));
      if (result.success) return { value: result.data };
      const error: Record<string, string[]> = {};
      for (const issue of result.error.issues) (error[fieldName(issue.path)] ??= []).push(issue.message);
      return { error };
    },
  });
}
