// What the sources page shows and the import service checks: plain values the
// browser bundle can carry (a *.server module is empty in the browser).

/** Large enough for the Linux MAINTAINERS file (under 1 MB) several times over. */
export const TEXT_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const LABEL_MAX_LENGTH = 200;
export const ROLE_MAX_LENGTH = 200;

export const TEXT_IMPORT_KINDS = ["shortlog", "csv", "maintainers"] as const;
export type TextImportKind = (typeof TEXT_IMPORT_KINDS)[number];

export const TEXT_IMPORT_KIND_LABELS: Record<TextImportKind, string> = {
  shortlog: "git shortlog -sne output",
  csv: "CSV of name, email, commits",
  maintainers: "MAINTAINERS file",
};
