import { z } from "zod";

// Every form schema module imports this one first, so this runs before any schema
// is built, in the browser as on the server. Without it Zod probes `new Function`
// for a faster parser, which the content security policy forbids and reports.
z.config({ jitless: true });

/**
 * Control characters no text field takes. PostgreSQL cannot store NUL (and
 * refuses it inside JSON), and the others are never typed by hand: they come
 * from pasted binary or from tampering. Tab and line breaks are left to the
 * multi-line check below.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Breaks that end a line: CR, LF, tab (a pasted tab is never wanted in one line) and the Unicode separators. */
const LINE_BREAK = /[\t\n\r\u2028\u2029]/;

export interface TextFieldOptions {
  /** The field as a message names it at the start of a sentence: "A title", "The venue". */
  name: string;
  /** The most characters it may hold, after trimming. */
  max: number;
  /** The message when it is missing or blank; without one the field may be empty. */
  required?: string;
  /** Whether it may hold line breaks and tabs (a statement, a reason); otherwise it is one line. */
  multiline?: boolean;
  /** The message for a line break in a one-line field, instead of "<name> is one line." */
  oneLineMessage?: string;
}

/**
 * A text field: trimmed, bounded, refusing NUL and other control characters
 * (and line breaks, unless multi-line) with a message beside the field. Every
 * form schema builds its text fields with this, so no such character reaches
 * the database. Chain `.default("")` or `.optional()` for optional fields.
 */
export function textField(options: TextFieldOptions) {
  const { name, max, required, multiline = false } = options;
  let schema = z.string(required ? { error: required } : { error: `${name} must be text.` }).trim();
  if (required) schema = schema.min(1, { error: required });
  if (!multiline) {
    schema = schema.refine((value) => !LINE_BREAK.test(value), {
      error: options.oneLineMessage ?? `${name} is one line.`,
    });
  }
  return schema
    .refine((value) => !CONTROL.test(value), {
      error: `${name} cannot contain control characters such as NUL; type or paste plain text.`,
    })
    .max(max, { error: `${name} has at most ${max} characters.` });
}

/**
 * The id of a row a form names in a hidden field. Anything that is not a UUID
 * is refused as bad input (400), before any lookup.
 */
export function idField(message: string) {
  return z.uuid({ error: message });
}

/**
 * Reads a posted form for a schema parsed through conform, which drops field
 * names it cannot map to a value (`constructor`, `__proto__`, `x[`) before Zod
 * sees them; such a form is refused here instead of passing half-read.
 */
export async function readConformForm(request: Request): Promise<FormData> {
  const formData = await request.formData().catch(() => new FormData());
  const dropped = [...new Set(formData.keys())].filter(
    (name) => !/^[A-Za-z][A-Za-z0-9_-]*$/.test(name) || name === "constructor" || name === "prototype",
  );
  if (dropped.length > 0) {
    throw new Response(`This form does not take ${dropped.map((name) => `“${name}”`).join(", ")}.`, {
      status: 400,
      statusText: "Bad Request",
    });
  }
  return formData;
}
