// Zod as a namespace import, never `import { z } from "zod"`: that `z` is an object
// holding all of Zod (every locale included), which the bundler must then ship whole
// to any page whose code uses it; through a namespace import a page gets only what
// it calls.
import * as z from "zod";
import * as zm from "zod/mini";

// Every form schema module imports this one first, so this runs before any schema
// is built, in the browser as on the server. Without it Zod probes `new Function`
// for a faster parser, which the content security policy forbids and reports.
// (The setting is Zod's core one, shared by its classic and mini builds.)
zm.config({ jitless: true });

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

/** What a text field is refused for when it is not a string at all. */
function textError({ name, required }: TextFieldOptions): string {
  return required ?? `${name} must be text.`;
}

/**
 * The rules of a text field, in order: trimmed, present if required, on one
 * line unless multi-line, free of control characters, and bounded. Zod checks
 * from its mini build, which both of its builds take, so the rules and their
 * messages are written once for `textField` and `miniTextField`.
 */
function textChecks(options: TextFieldOptions) {
  const { name, max, required, multiline = false } = options;
  return [
    zm.trim(),
    ...(required ? [zm.minLength(1, { error: required })] : []),
    ...(multiline
      ? []
      : [
          zm.refine<string>((value) => !LINE_BREAK.test(value), {
            error: options.oneLineMessage ?? `${name} is one line.`,
          }),
        ]),
    zm.refine<string>((value) => !CONTROL.test(value), {
      error: `${name} cannot contain control characters such as NUL; type or paste plain text.`,
    }),
    zm.maxLength(max, { error: `${name} has at most ${max} characters.` }),
  ];
}

/**
 * A text field: trimmed, bounded, refusing NUL and other control characters
 * (and line breaks, unless multi-line) with a message beside the field. Every
 * form schema builds its text fields with this or `miniTextField`, so no such
 * character reaches the database. Chain `.default("")` or `.optional()` for
 * optional fields.
 */
export function textField(options: TextFieldOptions) {
  return z.string({ error: textError(options) }).check(...textChecks(options));
}

/**
 * The same text field for a schema built with Zod's mini build (`zod/mini`),
 * which a form that validates in the browser uses: its code is only what the
 * schema calls. Wrap it in `z.optional()` or `z._default(…, "")` for optional
 * fields.
 */
export function miniTextField(options: TextFieldOptions) {
  return zm.string({ error: textError(options) }).check(...textChecks(options));
}

/**
 * The id of a row a form names in a hidden field. Anything that is not a UUID
 * is refused as bad input (400), before any lookup.
 */
export function idField(message: string) {
  return z.uuid({ error: message });
}

/** The same id field for a schema built with `zod/mini`. */
export function miniIdField(message: string) {
  return zm.uuid({ error: message });
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
