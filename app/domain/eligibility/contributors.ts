import { parse as parseCsv } from "csv-parse/sync";
import { judgeContributorAddress, type SkippedAddressKind } from "./contributor-address";
import { issueText, NotThatFormatError, splitLines, type ImportReport, type LineIssue } from "./import-report";
import { cleanPersonName, PERSON_NAME_MAX_LENGTH } from "./mailmap";
import { displayNameFromEmail } from "../summit/details";

export { cleanPersonName, issueText, PERSON_NAME_MAX_LENGTH, splitLines };

/** Commits by one person in one source; `email` is lower-cased. */
export interface ContributorCount {
  email: string;
  name: string;
  commits: number;
}

/** The database keeps commit counts in a 32-bit integer column. */
export const MAX_COMMITS = 2_147_483_647;

type CountCheck = { ok: true; commits: number } | { ok: false; reason: string };

function checkCount(raw: string): CountCheck {
  const value = raw.trim();
  if (value === "") return { ok: false, reason: "no commit count" };
  if (!/^\d+$/.test(value)) return { ok: false, reason: `commit count "${issueText(value)}" is not a whole number` };
  const commits = Number(value);
  if (commits === 0) return { ok: false, reason: "commit count is 0" };
  if (commits > MAX_COMMITS) return { ok: false, reason: `commit count ${value} is too large` };
  return { ok: true, commits };
}

/** Collects accepted rows, merging repeated addresses (case-insensitively): commits add up, the first name stays. */
class ContributorCollector {
  private readonly byEmail = new Map<string, ContributorCount>();
  readonly skipped: LineIssue[] = [];
  duplicatesMerged = 0;

  add(line: number, text: string, rawName: string, rawEmail: string, commits: number): void {
    const name = cleanPersonName(rawName);
    if (name.length > PERSON_NAME_MAX_LENGTH) {
      this.skip(line, text, `name is longer than ${PERSON_NAME_MAX_LENGTH} characters`, commits);
      return;
    }
    const check = judgeContributorAddress(rawEmail);
    if (!check.ok) {
      this.skip(line, text, check.reason, commits);
      return;
    }
    const existing = this.byEmail.get(check.address);
    if (existing) {
      existing.commits = Math.min(MAX_COMMITS, existing.commits + commits);
      this.duplicatesMerged += 1;
      return;
    }
    this.byEmail.set(check.address, {
      email: check.address,
      name: name === "" ? displayNameFromEmail(check.address) : name,
      commits,
    });
  }

  skip(line: number, text: string, reason: string, commits?: number): void {
    this.skipped.push(
      commits === undefined
        ? { line, text: issueText(text), reason }
        : { line, text: issueText(text), reason, commits },
    );
  }

  report(): ImportReport<ContributorCount> {
    // First-appearance order, so the report reads like the input.
    return { accepted: [...this.byEmail.values()], skipped: this.skipped, duplicatesMerged: this.duplicatesMerged };
  }
}

// "   412\tName <email>": right-aligned count, a tab, the name and the address in angle brackets.
const SHORTLOG_SHAPE = /^\s*(\S+)\t(.*)$/;
const NAME_AND_EMAIL = /^(.*?)\s*<([^<>]*)>\s*$/;

/**
 * `git shortlog -sne` output: "   412\tName <email>" per line. Duplicate emails
 * (case-insensitive) are merged (commits added, first name kept) and counted in
 * duplicatesMerged. Lines without an email, with a bad count or garbage are
 * skipped with their line number and reason. Throws NotThatFormatError when no
 * line at all looks like shortlog output.
 */
export function parseShortlog(text: string): ImportReport<ContributorCount> {
  const lines = splitLines(text);
  const collector = new ContributorCollector();
  let looksLikeShortlog = false;

  lines.forEach((rawLine, index) => {
    const line = index + 1;
    if (rawLine.trim() === "") return;
    const shape = SHORTLOG_SHAPE.exec(rawLine);
    if (!shape) {
      collector.skip(line, rawLine, "not a shortlog line (expected a commit count, a tab, then Name <email>)");
      return;
    }
    const [, rawCount = "", person = ""] = shape;
    if (/^\d+$/.test(rawCount)) looksLikeShortlog = true;
    const count = checkCount(rawCount);
    if (!count.ok) {
      collector.skip(line, rawLine, count.reason);
      return;
    }
    const match = NAME_AND_EMAIL.exec(person);
    if (!match) {
      collector.skip(line, rawLine, "no email address (run git shortlog with -e)");
      return;
    }
    const [, name = "", email = ""] = match;
    collector.add(line, rawLine, name, email, count.commits);
  });

  if (!looksLikeShortlog) {
    throw new NotThatFormatError(
      "This is not `git shortlog -sne` output: no line starts with a commit count followed by a tab and “Name <email>”.",
    );
  }
  return collector.report();
}

interface CsvRow {
  record: string[];
  raw: string;
  info: { lines: number };
}

/** Line on which a record starts, from the line it ends on and its raw text (which may hold blank lines before it). */
function recordStartLine(endLine: number, raw: string): number {
  const body = raw.replace(/^\n+/, "").replace(/\n$/, "");
  const inner = body.split("\n").length - 1;
  return Math.max(1, endLine - inner);
}

const HEADER_NAMES: Record<string, "name" | "email" | "commits"> = {
  name: "name",
  author: "name",
  email: "email",
  "e-mail": "email",
  mail: "email",
  commits: "commits",
  count: "commits",
  "commit count": "commits",
};

type Columns = { name: number; email: number; commits: number };

/** Column positions named by a header row, or null when the row is data. */
function headerColumns(record: string[]): Columns | null {
  const found: Partial<Columns> = {};
  record.forEach((cell, index) => {
    const key = HEADER_NAMES[cell.trim().toLowerCase()];
    if (key && found[key] === undefined) found[key] = index;
  });
  if (found.name !== undefined && found.email !== undefined && found.commits !== undefined) {
    return { name: found.name, email: found.email, commits: found.commits };
  }
  return null;
}

/**
 * CSV of name,email,commits (an optional header row naming the columns, in any
 * order; quoted fields). Bad rows are reported per line rather than failing the
 * whole file. Same merging/skipping/NotThatFormatError rules as parseShortlog.
 */
export function parseContributorCsv(text: string): ImportReport<ContributorCount> {
  // One line-ending convention, so line numbers match what an editor shows.
  const normalized = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const collector = new ContributorCollector();
  const unclosed: LineIssue[] = [];

  const rows = parseCsv(normalized, {
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
    raw: true,
    skip_records_with_error: true,
    on_skip: (error, raw) => {
      const rawText = raw ?? "";
      const endLine = Number(error?.lines ?? 1) || 1;
      unclosed.push({
        line: recordStartLine(endLine, rawText),
        text: issueText(rawText.replace(/^\n+/, "").split("\n")[0] ?? ""),
        reason:
          error?.code === "CSV_QUOTE_NOT_CLOSED"
            ? "a quoted field is never closed, so this line and everything after it was ignored"
            : `not readable as CSV (${error?.message ?? "unknown error"})`,
      });
      return undefined;
    },
  }) as unknown as CsvRow[];

  let columns: Columns = { name: 0, email: 1, commits: 2 };
  let looksLikeCsv = false;
  let first = true;

  for (const row of rows) {
    const line = recordStartLine(row.info.lines, row.raw);
    const rawText = row.raw.replace(/^\n+/, "").replace(/\n$/, "");
    const record = row.record;
    if (record.every((cell) => cell.trim() === "")) continue;
    if (first) {
      first = false;
      const header = headerColumns(record);
      if (header) {
        columns = header;
        looksLikeCsv = true;
        continue;
      }
    }
    if (record.length !== 3) {
      if (record.length >= 3 && record.some((cell) => cell.includes("@"))) looksLikeCsv = true;
      collector.skip(line, rawText, `expected 3 fields (name, email, commits), found ${record.length}`);
      continue;
    }
    const name = record[columns.name] ?? "";
    const email = record[columns.email] ?? "";
    const rawCount = record[columns.commits] ?? "";
    if (email.includes("@") || /^\s*\d+\s*$/.test(rawCount)) looksLikeCsv = true;
    const count = checkCount(rawCount);
    if (!count.ok) {
      collector.skip(line, rawText, count.reason);
      continue;
    }
    collector.add(line, rawText, name, email, count.commits);
  }

  if (!looksLikeCsv) {
    throw new NotThatFormatError(
      "This is not a CSV of contributors: no row has the three fields name, email, commits (such as “Jörg Mustermann,joerg@example.org,412”).",
    );
  }
  const report = collector.report();
  report.skipped.push(...unclosed);
  report.skipped.sort((a, b) => a.line - b.line);
  return report;
}

/** Authors of a history left out, with their commits: the same reasons as a pasted list's skipped lines. */
export interface SkippedAuthor {
  /** "Name <address>" as git gave it. */
  text: string;
  kind: SkippedAddressKind;
  reason: string;
  commits: number;
}

/**
 * Counts commits per author from `git log --use-mailmap --format=%aN%x00%aE`
 * output lines (already mailmapped by git, names and addresses), merging
 * addresses case-insensitively. An address that is not a person's (a bot, a
 * no-reply service, `(none)`, no domain, localhost) is skipped with its
 * commits, as the shortlog and CSV imports skip it. A person's name is the one
 * on most of their commits (the mailmap's, when it names them), the first seen
 * on a tie. Blank lines are ignored. Ranked as rankContributors does.
 */
export function countCommitsFromLog(lines: Iterable<string>): {
  counts: ContributorCount[];
  skipped: SkippedAuthor[];
} {
  // Keyed by the line itself: a repository has far fewer distinct authors than
  // commits, so most lines cost one map lookup and no string work.
  const perLine = new Map<string, number>();
  for (const line of lines) {
    perLine.set(line, (perLine.get(line) ?? 0) + 1);
  }
  const byEmail = new Map<string, { commits: number; names: Map<string, number> }>();
  const skipped = new Map<string, SkippedAuthor>();
  for (const [line, commits] of perLine) {
    const clean = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (clean.trim() === "") continue;
    const separator = clean.indexOf("\0");
    const name = separator >= 0 ? shortenName(cleanPersonName(clean.slice(0, separator))) : "";
    const rawEmail = separator >= 0 ? clean.slice(separator + 1) : clean;
    const check = judgeContributorAddress(rawEmail);
    if (!check.ok) {
      const text = issueText(`${name} <${rawEmail.trim()}>`);
      const entry = skipped.get(text) ?? { text, kind: check.kind, reason: check.reason, commits: 0 };
      entry.commits += commits;
      skipped.set(text, entry);
      continue;
    }
    const person = byEmail.get(check.address) ?? { commits: 0, names: new Map<string, number>() };
    person.commits += commits;
    if (name !== "") person.names.set(name, (person.names.get(name) ?? 0) + commits);
    byEmail.set(check.address, person);
  }
  const counts = [...byEmail].map(([email, person]) => ({
    email,
    name: mostUsedName(person.names) ?? displayNameFromEmail(email),
    commits: person.commits,
  }));
  return {
    counts: rankContributors(counts),
    skipped: [...skipped.values()].sort((a, b) => b.commits - a.commits || compareCodeUnits(a.text, b.text)),
  };
}

/** The name on most commits; on a tie, the one seen first (Map order). */
function mostUsedName(names: ReadonlyMap<string, number>): string | null {
  let best: string | null = null;
  let bestCommits = 0;
  for (const [name, commits] of names) {
    if (commits > bestCommits) {
      best = name;
      bestCommits = commits;
    }
  }
  return best;
}

/** Git accepts any name: keep the first 100 characters, never half a surrogate pair. */
function shortenName(name: string): string {
  return name.length <= PERSON_NAME_MAX_LENGTH
    ? name
    : Array.from(name).slice(0, PERSON_NAME_MAX_LENGTH).join("").trim();
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted by commits desc, then email asc (deterministic); a new array. */
export function rankContributors(counts: ContributorCount[]): ContributorCount[] {
  return [...counts].sort((a, b) => b.commits - a.commits || compareCodeUnits(a.email, b.email));
}
