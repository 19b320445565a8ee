import { issueText, NotThatFormatError, splitLines, type ImportReport, type LineIssue } from "./import-report";
import { cleanPersonName, PERSON_NAME_MAX_LENGTH } from "./mailmap";
import { judgeContributorAddress } from "./contributor-address";
import { displayNameFromEmail } from "../summit/details";

/** One maintainer of one section; `email` is lower-cased, `status` spelled as below. */
export interface MaintainerEntry {
  section: string;
  status: string;
  name: string;
  email: string;
}

/** Statuses whose M: people count as maintainers, in their usual spelling. */
export const ACCEPTED_STATUSES = ["Maintained", "Supported", "Odd Fixes"] as const;

/** The role a maintainer holds for a section, as the eligibility reason shows it. */
export function maintainerRole(section: string): string {
  return `maintainer: ${section}`;
}

function acceptedStatus(raw: string): string | null {
  const wanted = raw.trim().replace(/\s+/g, " ").toLowerCase();
  return ACCEPTED_STATUSES.find((status) => status.toLowerCase() === wanted) ?? null;
}

// A tag line starts in the first column: "M:\tName <email>" (Linux) or "M: Name <email>" (QEMU).
// The explanatory preamble of both files indents its examples, so they are not tags.
const TAG_LINE = /^([A-Z]):(?:[ \t]+(.*)|)$/;
// "=====" and "-----" underline QEMU's group headings; they are not section titles.
const UNDERLINE = /^\s*(?:=+|-+)\s*$/;
const NAME_AND_EMAIL = /^(.*?)\s*<([^<>]*)>\s*$/;

interface Section {
  title: string;
  titleLine: number;
  /** The underlined heading the section is listed under (QEMU's "ARM Machines"), if any. */
  group: string | null;
  status: { value: string; line: number } | null;
  people: Array<{ line: number; text: string; value: string }>;
}

function unquote(name: string): string {
  const trimmed = name.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1).trim()
    : trimmed;
}

/**
 * What each section is called in its roles: its title, unless another section
 * has the same one (QEMU lists a "Virt" machine under ARM and under RISC-V).
 * Then the heading it is listed under is added ("Virt (ARM Machines)"), and
 * where that is not enough either, its place among them ("Virt (2)").
 */
function sectionNames(sections: readonly Section[]): Map<Section, string> {
  const count = (key: (s: Section) => string) => {
    const counts = new Map<string, number>();
    for (const s of sections) counts.set(key(s), (counts.get(key(s)) ?? 0) + 1);
    return counts;
  };
  const byTitle = count((s) => s.title);
  const withGroup = (s: Section) => (s.group && s.group !== s.title ? `${s.title} (${s.group})` : s.title);
  const byGroup = count(withGroup);
  const names = new Map<Section, string>();
  const seen = new Map<string, number>();
  for (const section of sections) {
    if (byTitle.get(section.title) === 1) {
      names.set(section, section.title);
      continue;
    }
    const name = withGroup(section);
    if (byGroup.get(name) === 1 && name !== section.title) {
      names.set(section, name);
      continue;
    }
    const nth = (seen.get(name) ?? 0) + 1;
    seen.set(name, nth);
    names.set(section, nth === 1 ? name : `${name} (${nth})`);
  }
  return names;
}

/**
 * Linux/QEMU MAINTAINERS format: a section is a title line followed by "X:\t..."
 * tag lines. People on M: lines ("Name <email>") of sections whose S: status is
 * Maintained, Supported or Odd Fixes (case-insensitive) are accepted, one entry
 * per (section, email). R: reviewers and L: lists are never people here. M:
 * lines without an email are skipped with line number and reason; a section
 * with M: lines and another status (or none) is skipped once, at its title
 * line. Sections without M: lines have nobody to skip and are not reported.
 * Throws NotThatFormatError when the text has no section with M: and S: lines.
 */
export function parseMaintainersFile(text: string): ImportReport<MaintainerEntry> {
  const lines = splitLines(text);
  const sections: Section[] = [];
  let pendingTitle: { title: string; line: number } | null = null;
  let current: Section | null = null;
  let group: string | null = null;

  lines.forEach((rawLine, index) => {
    const line = index + 1;
    const tag = TAG_LINE.exec(rawLine.trimEnd());
    if (!tag) {
      current = null;
      const trimmed = rawLine.trim();
      if (trimmed === "" || UNDERLINE.test(trimmed)) {
        // A line of "=" or "-" under a title makes it the heading of the sections that follow.
        if (trimmed !== "" && pendingTitle) group = pendingTitle.title;
        if (trimmed === "") pendingTitle = null;
        return;
      }
      pendingTitle = { title: trimmed, line };
      return;
    }
    if (!current) {
      current = {
        title: pendingTitle?.title ?? `(untitled section at line ${line})`,
        titleLine: pendingTitle?.line ?? line,
        group,
        status: null,
        people: [],
      };
      sections.push(current);
      pendingTitle = null;
    }
    const [, letter, value = ""] = tag;
    if (letter === "M") current.people.push({ line, text: rawLine, value: value.trim() });
    else if (letter === "S" && current.status === null) current.status = { value: value.trim(), line };
  });

  if (!sections.some((section) => section.status !== null && section.people.length > 0)) {
    throw new NotThatFormatError(
      "This is not a MAINTAINERS file: no section has both M: (maintainer) and S: (status) lines.",
    );
  }

  const accepted: MaintainerEntry[] = [];
  const skipped: LineIssue[] = [];
  let duplicatesMerged = 0;
  const seen = new Set<string>();
  const names = sectionNames(sections);

  for (const section of sections) {
    if (section.people.length === 0) continue;
    const status = section.status ? acceptedStatus(section.status.value) : null;
    if (!status) {
      skipped.push({
        line: section.titleLine,
        text: issueText(section.title),
        reason: section.status
          ? `section status “${issueText(section.status.value)}” is not Maintained, Supported or Odd Fixes`
          : "section has no S: status line",
      });
      continue;
    }
    for (const person of section.people) {
      const match = NAME_AND_EMAIL.exec(person.value);
      const bare = !match && /^\S+@\S+$/.test(person.value) ? person.value : null;
      const rawEmail = match ? (match[2] ?? "") : bare;
      if (rawEmail === null || rawEmail.trim() === "") {
        skipped.push({ line: person.line, text: issueText(person.text), reason: "M: line has no email address" });
        continue;
      }
      const name = match ? cleanPersonName(unquote(match[1] ?? "")) : "";
      if (name.length > PERSON_NAME_MAX_LENGTH) {
        skipped.push({
          line: person.line,
          text: issueText(person.text),
          reason: `name is longer than ${PERSON_NAME_MAX_LENGTH} characters`,
        });
        continue;
      }
      const check = judgeContributorAddress(rawEmail);
      if (!check.ok) {
        skipped.push({ line: person.line, text: issueText(person.text), reason: check.reason });
        continue;
      }
      const key = `${names.get(section)}\n${check.address}`;
      if (seen.has(key)) {
        duplicatesMerged += 1;
        continue;
      }
      seen.add(key);
      accepted.push({
        section: names.get(section)!,
        status,
        name: name === "" ? displayNameFromEmail(check.address) : name,
        email: check.address,
      });
    }
  }

  skipped.sort((a, b) => a.line - b.line);
  return { accepted, skipped, duplicatesMerged };
}
