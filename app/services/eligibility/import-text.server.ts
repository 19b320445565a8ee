import type { ContributorRow } from "~db/queries/contributor-source";
import { parseContributorCsv, parseShortlog, type ContributorCount } from "~/domain/eligibility/contributors";
import { NotThatFormatError, type ImportReport } from "~/domain/eligibility/import-report";
import { maintainerRole, parseMaintainersFile, type MaintainerEntry } from "~/domain/eligibility/maintainers-file";
import type { RoleEntry } from "~/domain/eligibility/replacement";
import { DISPLAY_NAME_MAX_LENGTH } from "~/domain/summit/details";
import { decodeUtf8Text } from "~/domain/text/utf8";
import type { TextImportKind } from "~/forms/contributor-import";
import { ROLE_MAX_LENGTH } from "~/forms/eligibility";
import { refuse } from "../kernel/result.server";

/** What pasted or uploaded text holds, line by line: what its preview shows and its import applies. */
export type TextImportReport =
  | { kind: "shortlog" | "csv"; report: ImportReport<ContributorCount> }
  | { kind: "maintainers"; report: ImportReport<MaintainerEntry> };

/**
 * Reads text as the kind it claims to be. Text that is plainly another kind
 * of file is refused (422) with the parser's reason, beside the text.
 */
export function readImportText(kind: TextImportKind, text: string): TextImportReport {
  try {
    switch (kind) {
      case "shortlog":
        return { kind, report: parseShortlog(text) };
      case "csv":
        return { kind, report: parseContributorCsv(text) };
      case "maintainers":
        return { kind, report: parseMaintainersFile(text) };
    }
  } catch (error) {
    if (error instanceof NotThatFormatError) refuse(422, error.message, { text: error.message });
    throw error;
  }
}

/**
 * The text of a file to import (an upload, or a file named on the command
 * line), which must be UTF-8: other bytes are refused (400), naming the line.
 */
export function textOfImportFile(file: { name: string; bytes: Uint8Array }): string {
  const decoded = decodeUtf8Text(file.bytes);
  if (decoded.ok) return decoded.text;
  const message =
    `${file.name || "The file"} is not UTF-8 text (line ${decoded.line} holds other bytes, as a Latin-1 file would). ` +
    "Save it as UTF-8 (for example with iconv -f latin1 -t utf-8) and choose it again.";
  refuse(400, message, { text: message });
}

// ---------------------------------------------------------------------------
// Normalising what the parsers produce, as the import stores it

/** Emails lower-case and once each (a case-only duplicate adds its commits; the bigger count names the person). */
export function normaliseCounts(counts: readonly ContributorCount[]): ContributorRow[] {
  const byEmail = new Map<string, ContributorRow & { best: number }>();
  for (const c of counts) {
    const email = c.email.trim().toLowerCase();
    if (email === "") continue;
    const seen = byEmail.get(email);
    if (!seen) {
      byEmail.set(email, { email, name: c.name, commits: c.commits, best: c.commits });
    } else {
      seen.commits += c.commits;
      if (c.commits > seen.best) {
        seen.best = c.commits;
        seen.name = c.name;
      }
    }
  }
  return [...byEmail.values()].map(({ email, name, commits }) => ({ email, name, commits }));
}

/** The role a MAINTAINERS section gives its people, within the column's 200 characters. */
function roleForSection(section: string): string {
  // eslint-disable-next-line no-control-regex
  const title = section.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return maintainerRole(title).slice(0, ROLE_MAX_LENGTH).trim();
}

/** The roles a MAINTAINERS file gives, once per role and address. */
export function maintainerResponsibilities(entries: readonly MaintainerEntry[]): RoleEntry[] {
  const seen = new Map<string, RoleEntry>();
  for (const e of entries) {
    const email = e.email.trim().toLowerCase();
    if (email === "") continue;
    const role = roleForSection(e.section);
    const key = `${role}\u0000${email}`;
    if (!seen.has(key)) seen.set(key, { role, email, name: e.name.trim().slice(0, DISPLAY_NAME_MAX_LENGTH) });
  }
  return [...seen.values()];
}
