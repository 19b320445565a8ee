// The forms of the sources page and the input of the git import, shared by the
// page (which validates them in the browser too) and the import commands. The
// browser bundle carries this module: it holds no server code, and its schemas are
// built with Zod's mini build, so the browser loads only the code they call.
import * as z from "zod/mini";
import { DISPLAY_NAME_MAX_LENGTH, isIsoDate } from "~/domain/summit/details";
import { ROLE_MAX_LENGTH } from "./eligibility";
import { emailField } from "./summit";

/** Large enough for the Linux MAINTAINERS file (under 1 MB) several times over. */
export const TEXT_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const LABEL_MAX_LENGTH = 200;

export const TEXT_IMPORT_KINDS = ["shortlog", "csv", "maintainers"] as const;
export type TextImportKind = (typeof TEXT_IMPORT_KINDS)[number];

export const TEXT_IMPORT_KIND_LABELS: Record<TextImportKind, string> = {
  shortlog: "git shortlog -sne output",
  csv: "CSV of name, email, commits",
  maintainers: "MAINTAINERS file",
};

// One line of text: no line breaks, and no other control characters (PostgreSQL cannot store NUL).
// eslint-disable-next-line no-control-regex
const oneLine = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** Bytes of `text` in UTF-8, counted without encoding it (the browser has no Buffer). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

const dayField = (what: string) =>
  z
    .string({ error: `Enter ${what} as YYYY-MM-DD.` })
    .check(z.trim(), z.refine(isIsoDate, { error: `Enter ${what} as a real date, YYYY-MM-DD, such as 2017-01-01.` }));

/** A field a browser may send blank: blank means absent. */
function blankIsAbsent<T extends z.core.SomeType>(schema: T) {
  return z.pipe(z.transform(blankToUndefined), z.optional(schema));
}

const optionalDay = (what: string) => blankIsAbsent(dayField(what));

/** The period's end may not come before its start. */
const untilNotBeforeSince = z.refine<{ since?: string; until?: string }>(
  (v) => !v.since || !v.until || v.since <= v.until,
  {
    path: ["until"],
    error: "The end of the period cannot be before its start.",
    // Only once both are real dates: a bad date has its own message.
    when: (payload) => {
      const v = payload.value as { since?: unknown; until?: unknown };
      const day = (d: unknown) => typeof d === "string" && isIsoDate(d.trim());
      return day(v.since) && day(v.until);
    },
  },
);

/** Pasted or uploaded text to import: what it is, the text, and how the source is labelled and dated. */
export const TextImportFormSchema = z
  .strictObject({
    kind: z.enum(TEXT_IMPORT_KINDS, {
      error: "Choose what the text is: git shortlog output, a CSV, or a MAINTAINERS file.",
    }),
    text: z.string({ error: "Paste the text or choose a file." }).check(
      z.refine((t) => t.trim().length > 0, {
        error: "Paste the text or choose a file: there is nothing to import.",
      }),
      z.refine((t) => utf8Length(t) <= TEXT_IMPORT_MAX_BYTES, {
        error: `The text is larger than ${TEXT_IMPORT_MAX_BYTES / 1024 / 1024} MB.`,
      }),
    ),
    label: blankIsAbsent(
      z
        .string()
        .check(
          z.trim(),
          z.maxLength(LABEL_MAX_LENGTH, { error: `A label has at most ${LABEL_MAX_LENGTH} characters.` }),
          z.refine(oneLine, { error: "A label is one line of text, without control characters." }),
        ),
    ),
    since: optionalDay("the first day counted"),
    until: optionalDay("the last day counted"),
    /** A MAINTAINERS replacement's confirmation: how many current entries the organizer agreed to remove. */
    confirmDropped: blankIsAbsent(
      z.string().check(z.regex(/^\d{1,9}$/, { error: "The confirmation of the removal is not a number." })),
    ),
  })
  .check(untilNotBeforeSince);

export type TextImportValues = z.output<typeof TextImportFormSchema>;

/** A local git repository to count commits in, over whole days (the command line's import). */
export const GitImportInputSchema = z
  .strictObject({
    repoPath: z.string({ error: "Give the path of a git repository on this server." }).check(
      z.trim(),
      z.minLength(1, { error: "Give the path of a git repository on this server." }),
      z.maxLength(4096, { error: "That path is too long." }),
      z.refine((p) => !p.includes("\0"), { error: "A path cannot contain a NUL character." }),
    ),
    since: dayField("the first day counted"),
    until: dayField("the last day counted"),
  })
  .check(untilNotBeforeSince);

/** Naming someone holder of a role by hand; without a name, one is made from the address. */
export const ResponsibilityFormSchema = z.strictObject({
  role: z
    .string({ error: "Name the role, such as “stable maintainer”." })
    .check(
      z.trim(),
      z.minLength(1, { error: "Name the role, such as “stable maintainer”." }),
      z.maxLength(ROLE_MAX_LENGTH, { error: `A role has at most ${ROLE_MAX_LENGTH} characters.` }),
      z.refine(oneLine, { error: "A role is one line of text, without control characters." }),
    ),
  email: emailField,
  name: blankIsAbsent(
    z
      .string()
      .check(
        z.trim(),
        z.maxLength(DISPLAY_NAME_MAX_LENGTH, { error: `A name has at most ${DISPLAY_NAME_MAX_LENGTH} characters.` }),
        z.refine(oneLine, { error: "A name is one line of text, without control characters." }),
      ),
  ),
});

const removeFormSchema = (what: string) =>
  z.strictObject({
    id: z
      .string({ error: `Say which ${what}.` })
      .check(z.regex(/^[0-9a-f-]{36}$/i, { error: `That ${what} does not exist.` })),
  });

export const RemoveSourceFormSchema = removeFormSchema("source");
export const RemoveResponsibilityFormSchema = removeFormSchema("responsibility");
