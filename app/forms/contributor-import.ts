// The forms of the sources page and the input of the git import, shared by the
// page (which validates them in the browser too) and the import commands. The
// browser bundle carries this module: it holds no server code.
import { z } from "zod";
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
    .trim()
    .refine(isIsoDate, `Enter ${what} as a real date, YYYY-MM-DD, such as 2017-01-01.`);

const optionalDay = (what: string) => z.preprocess(blankToUndefined, dayField(what).optional());

function untilNotBeforeSince<T extends { since?: string; until?: string }>(schema: z.ZodType<T>) {
  return schema.refine((v) => !v.since || !v.until || v.since <= v.until, {
    path: ["until"],
    message: "The end of the period cannot be before its start.",
    // Only once both are real dates: a bad date has its own message.
    when: (payload) => {
      const v = payload.value as { since?: unknown; until?: unknown };
      const day = (d: unknown) => typeof d === "string" && isIsoDate(d.trim());
      return day(v.since) && day(v.until);
    },
  });
}

/** Pasted or uploaded text to import: what it is, the text, and how the source is labelled and dated. */
export const TextImportFormSchema = untilNotBeforeSince(
  z
    .object({
      kind: z.enum(TEXT_IMPORT_KINDS, {
        error: "Choose what the text is: git shortlog output, a CSV, or a MAINTAINERS file.",
      }),
      text: z
        .string({ error: "Paste the text or choose a file." })
        .refine((t) => t.trim().length > 0, "Paste the text or choose a file: there is nothing to import.")
        .refine(
          (t) => utf8Length(t) <= TEXT_IMPORT_MAX_BYTES,
          `The text is larger than ${TEXT_IMPORT_MAX_BYTES / 1024 / 1024} MB.`,
        ),
      label: z.preprocess(
        blankToUndefined,
        z
          .string()
          .trim()
          .max(LABEL_MAX_LENGTH, `A label has at most ${LABEL_MAX_LENGTH} characters.`)
          .refine(oneLine, "A label is one line of text, without control characters.")
          .optional(),
      ),
      since: optionalDay("the first day counted"),
      until: optionalDay("the last day counted"),
    })
    .strict(),
);

export type TextImportValues = z.output<typeof TextImportFormSchema>;

/** A local git repository to count commits in, over whole days (the command line's import). */
export const GitImportInputSchema = untilNotBeforeSince(
  z
    .object({
      repoPath: z
        .string({ error: "Give the path of a git repository on this server." })
        .trim()
        .min(1, "Give the path of a git repository on this server.")
        .max(4096, "That path is too long.")
        .refine((p) => !p.includes("\0"), "A path cannot contain a NUL character."),
      since: dayField("the first day counted"),
      until: dayField("the last day counted"),
    })
    .strict(),
);

/** Naming someone holder of a role by hand; without a name, one is made from the address. */
export const ResponsibilityFormSchema = z
  .object({
    role: z
      .string({ error: "Name the role, such as “stable maintainer”." })
      .trim()
      .min(1, "Name the role, such as “stable maintainer”.")
      .max(ROLE_MAX_LENGTH, `A role has at most ${ROLE_MAX_LENGTH} characters.`)
      .refine(oneLine, "A role is one line of text, without control characters."),
    email: emailField,
    name: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .max(DISPLAY_NAME_MAX_LENGTH, `A name has at most ${DISPLAY_NAME_MAX_LENGTH} characters.`)
        .refine(oneLine, "A name is one line of text, without control characters.")
        .optional(),
    ),
  })
  .strict();

const removeFormSchema = (what: string) =>
  z
    .object({
      id: z.string({ error: `Say which ${what}.` }).regex(/^[0-9a-f-]{36}$/i, `That ${what} does not exist.`),
    })
    .strict();

export const RemoveSourceFormSchema = removeFormSchema("source");
export const RemoveResponsibilityFormSchema = removeFormSchema("responsibility");
