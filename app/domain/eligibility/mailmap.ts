import { issueText, splitLines, type LineIssue } from "./import-report";

/** Longest name kept, as for the display names of users. */
export const PERSON_NAME_MAX_LENGTH = 100;

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]+/g;

/**
 * A person's name on one line: control characters and runs of white space
 * become single spaces, so an imported name can neither break a page's layout
 * nor a mail header.
 */
export function cleanPersonName(raw: string): string {
  return raw.replace(CONTROL_CHARACTERS, " ").replace(/\s+/g, " ").trim();
}

/** `alias` is an address someone committed with, `canonical` the one they use now; both lower-cased. */
export interface MailmapAlias {
  alias: string;
  canonical: string;
}

// Text outside angle brackets, then <email>; git ignores whatever follows the last ">".
const BRACKETED = /<([^<>]*)>/g;

function cleanEmail(raw: string): string {
  return raw.trim().toLowerCase();
}

/**
 * Parses a .mailmap into alias → canonical email pairs where the emails differ.
 * The four forms of gitmailmap(5):
 *   Proper Name <commit@email>                              (a name fix only: no alias)
 *   <proper@email> <commit@email>
 *   Proper Name <proper@email> <commit@email>
 *   Proper Name <proper@email> Commit Name <commit@email>
 * Lines starting with "#" and text after the last ">" are comments. As in git, a
 * later line for the same commit address replaces an earlier one. Mapping by
 * commit name as well as address (the fourth form) is reduced to the address:
 * Summit matches people by address only.
 */
export function parseMailmap(text: string): { aliases: MailmapAlias[]; skipped: LineIssue[] } {
  const byAlias = new Map<string, string>();
  const skipped: LineIssue[] = [];

  splitLines(text).forEach((rawLine, index) => {
    const line = index + 1;
    const trimmed = rawLine.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const emails = [...trimmed.matchAll(BRACKETED)].map((m) => cleanEmail(m[1] ?? ""));
    if (emails.length === 0) {
      skipped.push({ line, text: issueText(rawLine), reason: "no email address in angle brackets" });
      return;
    }
    if (emails.length > 2) {
      skipped.push({
        line,
        text: issueText(rawLine),
        reason: `${emails.length} email addresses; a mailmap line has one or two`,
      });
      return;
    }
    if (emails.some((email) => email === "" || /\s/.test(email))) {
      skipped.push({ line, text: issueText(rawLine), reason: "an email address is empty or contains spaces" });
      return;
    }
    if (emails.length === 1) return; // "Proper Name <commit@email>" fixes a name only.
    const [canonical = "", alias = ""] = emails;
    if (canonical === alias) return;
    byAlias.set(alias, canonical);
  });

  return { aliases: [...byAlias].map(([alias, canonical]) => ({ alias, canonical })), skipped };
}

/**
 * Follows aliases (also chains: a → b → c) to the canonical address; unknown
 * addresses map to themselves (lower-cased). A cycle (a → b → a) resolves to its
 * alphabetically first address, so every address in it names the same person.
 */
export function canonicalEmail(email: string, aliases: ReadonlyMap<string, string>): string {
  let current = cleanEmail(email);
  // Most addresses have no alias: answer those without allocating anything.
  if (!aliases.has(current)) return current;
  const seen = new Set<string>();
  for (;;) {
    const next = aliases.get(current);
    if (next === undefined) return current;
    seen.add(current);
    const target = cleanEmail(next);
    if (seen.has(target)) {
      // Walk the cycle once from `target` and pick its smallest member.
      let smallest = target;
      let step = cleanEmail(aliases.get(target) ?? target);
      while (step !== target) {
        if (step < smallest) smallest = step;
        step = cleanEmail(aliases.get(step) ?? target);
      }
      return smallest;
    }
    current = target;
  }
}

/** The alias map canonicalEmail expects, from parsed pairs (later pairs win, as in git). */
export function aliasMap(aliases: Iterable<MailmapAlias>): Map<string, string> {
  const map = new Map<string, string>();
  for (const { alias, canonical } of aliases) map.set(cleanEmail(alias), cleanEmail(canonical));
  return map;
}
