import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import type { Kysely } from "kysely";
import { listEmailAliases } from "~db/queries/email-alias";
import type { Database } from "~db/schema";
import { unfinishedLastLine, type LineIssue } from "~/domain/eligibility/import-report";
import type { MaintainerEntry } from "~/domain/eligibility/maintainers-file";
import type { RoleEntry } from "~/domain/eligibility/replacement";
import { TEXT_IMPORT_MAX_BYTES, type TextImportKind } from "~/forms/contributor-import";
import { refuse, refuseWith, resultOf, type Result } from "../kernel/result.server";
import { readGitHistory, type GitHistory } from "./commands/imports.server";
import { normaliseCounts, textOfImportFile } from "./import-text.server";
import { maintainersDropped, previewTextImport } from "./pages.server";

/**
 * What importing a source named on the command line would do, before
 * anything is stored: the people it gives, what it skipped and why, and who a
 * MAINTAINERS replacement would remove. The text kinds read a file; git reads
 * a repository's history, as the import would.
 */

export type SourceKind = "git" | TextImportKind;

export interface PreviewPerson {
  email: string;
  name: string;
  /** Counted sources: git, shortlog and CSV. */
  commits?: number;
  /** MAINTAINERS: the sections naming them. */
  sections?: string[];
  /** Other addresses known to be theirs: the repository's mailmap and the summit's. */
  aliases: string[];
}

export interface PreviewSkip {
  /** Where there is one: a file's line; git counts commits by author, not lines. */
  line?: number;
  text: string;
  reason: string;
  commits?: number;
}

export interface SourcePreview {
  kind: SourceKind;
  label: string;
  people: PreviewPerson[];
  skipped: PreviewSkip[];
  /** MAINTAINERS: the current entries the replacement would drop. */
  removed: RoleEntry[];
  /** Entries of the current MAINTAINERS import. */
  current: number;
  /** Whether the drop is large enough to need an explicit confirmation. */
  needsConfirmation: boolean;
  /** A file ending in the middle of a line: that line. */
  cutShort: LineIssue | null;
  /** The text kinds: the import's input, as the preview read it. */
  input: { kind: TextImportKind; text: string; label: string; since?: string; until?: string } | null;
  /** git: the history as read, which the import then stores. */
  history: GitHistory | null;
}

export interface SourceToPreview {
  summitId: string;
  kind: SourceKind;
  path: string;
  since?: string;
  until?: string;
  label?: string;
}

/** Other addresses per canonical address. */
function aliasesByCanonical(pairs: ReadonlyArray<{ alias: string; canonical: string }>): Map<string, string[]> {
  const byCanonical = new Map<string, Set<string>>();
  for (const { alias, canonical } of pairs) {
    const set = byCanonical.get(canonical) ?? new Set<string>();
    set.add(alias);
    byCanonical.set(canonical, set);
  }
  return new Map([...byCanonical].map(([canonical, set]) => [canonical, [...set].sort()]));
}

/** MAINTAINERS people once each, with the sections naming them, in the file's order. */
function maintainersPeople(entries: readonly MaintainerEntry[]): Array<Omit<PreviewPerson, "aliases">> {
  const byEmail = new Map<string, { email: string; name: string; sections: string[] }>();
  for (const e of entries) {
    const email = e.email.trim().toLowerCase();
    const person = byEmail.get(email) ?? { email, name: e.name.trim(), sections: [] };
    if (!person.sections.includes(e.section)) person.sections.push(e.section);
    byEmail.set(email, person);
  }
  return [...byEmail.values()];
}

/** A file's bytes, refused plainly when it is missing, a folder, or too large to import. */
async function readImportFile(path: string): Promise<Uint8Array> {
  const info = await stat(path).catch(() => null);
  if (!info) refuse(400, `There is no file at ${path}.`);
  if (info.isDirectory()) refuse(400, `${path} is a folder; give the file to import.`);
  if (info.size > TEXT_IMPORT_MAX_BYTES) {
    refuse(400, `${path} is more than ${TEXT_IMPORT_MAX_BYTES / 1024 / 1024} MB; import a smaller file.`);
  }
  return new Uint8Array(await readFile(path));
}

export async function previewSourceImport(
  db: Kysely<Database>,
  source: SourceToPreview,
): Promise<Result<SourcePreview>> {
  return resultOf(async () => {
    const stored = await listEmailAliases(db, source.summitId);
    if (source.kind === "git") {
      const history = await readGitHistory({
        repoPath: source.path,
        since: source.since ?? "",
        until: source.until ?? "",
      });
      const aliases = aliasesByCanonical([...history.aliases, ...stored]);
      return {
        kind: "git",
        label: history.label,
        people: history.contributors.map((c) => ({ ...c, aliases: aliases.get(c.email) ?? [] })),
        skipped: history.skipped.map((s) => ({ text: s.text, reason: s.reason, commits: s.commits })),
        removed: [],
        current: 0,
        needsConfirmation: false,
        cutShort: null,
        input: null,
        history,
      };
    }
    const name = basename(source.path);
    const text = textOfImportFile({ name, bytes: await readImportFile(source.path) });
    if (text.trim() === "") refuse(400, `${source.path} is empty: there is nothing to import.`);
    const input = { kind: source.kind, text, label: source.label ?? name, since: source.since, until: source.until };
    const read = previewTextImport(input);
    if (!read.ok) refuseWith(read);
    const aliases = aliasesByCanonical(stored);
    const withAliases = <T extends { email: string }>(p: T) => ({ ...p, aliases: aliases.get(p.email) ?? [] });
    const base = {
      kind: source.kind,
      label: input.label,
      skipped: read.value.report.skipped,
      cutShort: unfinishedLastLine(text),
      input,
      history: null,
    };
    if (read.value.kind === "maintainers") {
      const drop = await maintainersDropped(db, source.summitId, read.value.report.accepted);
      return {
        ...base,
        people: maintainersPeople(read.value.report.accepted).map(withAliases),
        removed: drop.dropped,
        current: drop.current,
        needsConfirmation: drop.needsConfirmation,
      };
    }
    return {
      ...base,
      people: normaliseCounts(read.value.report.accepted).map(withAliases),
      removed: [],
      current: 0,
      needsConfirmation: false,
    };
  });
}
