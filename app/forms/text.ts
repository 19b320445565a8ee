// Zod's mini build, as a namespace import: a page gets only the code its schemas
// call. Every form schema module is built with it, because any schema of Zod's
// classic build carries the methods of every other kind, so most of Zod (and
// every locale) would come into the browser of a page that loads one.
import * as z from "zod/mini";

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
/**
 * The characters that reorder how text is shown (embeddings, overrides and
 * isolates): a title or a name holding one can read differently from what it
 * says ("Trojan Source"). Marks (U+200E, U+200F), which right-to-left text
 * needs, are allowed.
 */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;
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
 * line and free of direction controls unless multi-line, free of control
 * characters, and bounded.
 */
function textChecks(options: TextFieldOptions) {
  const { name, max, required, multiline = false } = options;
  return [
    z.trim(),
    ...(required ? [z.minLength(1, { error: required })] : []),
    ...(multiline
      ? []
      : [
          z.refine<string>((value) => !LINE_BREAK.test(value), {
            error: options.oneLineMessage ?? `${name} is one line.`,
          }),
          z.refine<string>((value) => !BIDI_CONTROL.test(value), {
            error: `${name} cannot contain characters that change the direction of text (U+202A to U+202E, U+2066 to U+2069).`,
          }),
        ]),
    z.refine<string>((value) => !CONTROL.test(value), {
      error: `${name} cannot contain control characters such as NUL; type or paste plain text.`,
    }),
    z.maxLength(max, { error: `${name} has at most ${max} characters.` }),
  ];
}

/**
 * A text field: trimmed, bounded, refusing NUL and other control characters
 * (and line breaks, unless multi-line) with a message beside the field. Every
 * form schema builds its text fields with this, so no such character reaches
 * the database. Wrap it in `z.optional()` or `z._default(…, "")` for optional
 * fields.
 */
export function miniTextField(options: TextFieldOptions) {
  return z.string({ error: textError(options) }).check(...textChecks(options));
}

/**
 * The id of a row a form names in a hidden field. Anything that is not a UUID
 * is refused as bad input (400), before any lookup.
 */
export function miniIdField(message: string) {
  return z.uuid({ error: message });
}
