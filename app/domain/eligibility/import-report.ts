/**
 * What every import of people (shortlog, CSV, MAINTAINERS, .mailmap) reports
 * about the lines it read: the parsers share these, so none depends on another.
 */

/** A line an import did not take, with its 1-based line number and why. */
export interface LineIssue {
  line: number;
  text: string;
  reason: string;
}

export interface ImportReport<T> {
  accepted: T[];
  skipped: LineIssue[];
  duplicatesMerged: number;
}

/** A file that is not what it claims to be (a CSV offered as shortlog output, and so on). */
export class NotThatFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotThatFormatError";
  }
}

/** Longest line text kept in a report: enough to recognise the line, not a whole pasted file. */
const ISSUE_TEXT_MAX = 200;

/** A line as an import report shows it: on one line, trimmed, at most 200 characters. */
export function issueText(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ").trim();
  return flat.length > ISSUE_TEXT_MAX ? `${flat.slice(0, ISSUE_TEXT_MAX - 1)}…` : flat;
}

/** Splits text into lines, whatever the line endings, without a byte-order mark. */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
}
