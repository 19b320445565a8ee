/**
 * What every import of people (shortlog, CSV, MAINTAINERS, .mailmap) reports
 * about the lines it read: the parsers share these, so none depends on another.
 */

/** A line an import did not take, with its 1-based line number and why. */
export interface LineIssue {
  line: number;
  text: string;
  reason: string;
  /** The commits the line counted, when it was read that far (a person's line with a bot's address). */
  commits?: number;
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

/**
 * The last line of a file that does not end with a line break, if it holds
 * text: a file cut off in transfer ends so. (Pasted text often ends without
 * one, so only files are judged by it.)
 */
export function unfinishedLastLine(text: string): LineIssue | null {
  if (text === "" || /[\r\n]$/.test(text)) return null;
  const lines = splitLines(text);
  const last = lines[lines.length - 1] ?? "";
  if (last.trim() === "") return null;
  return {
    line: lines.length,
    text: issueText(last),
    reason: "the file ends in the middle of this line: it looks cut short",
  };
}
