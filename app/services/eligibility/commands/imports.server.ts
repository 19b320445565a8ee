import { basename, resolve } from "node:path";
import type { Kysely } from "kysely";
import { recordAudit } from "~db/queries/audit";
import {
  deleteContributorSource,
  getSummitPhase,
  insertContributorSource,
  type ContributorRow,
} from "~db/queries/contributor-source";
import { mergeEmailAliases } from "~db/queries/email-alias";
import { replaceMaintainersResponsibilities } from "~db/queries/responsibility";
import type { ContributorSourceKind, Database } from "~db/schema";
import { skippedSummary } from "~/domain/eligibility/contributor-address";
import { countCommitsFromLog, type ContributorCount, type SkippedAuthor } from "~/domain/eligibility/contributors";
import { parseMailmap } from "~/domain/eligibility/mailmap";
import { maintainerRole, type MaintainerEntry } from "~/domain/eligibility/maintainers-file";
import { DISPLAY_NAME_MAX_LENGTH } from "~/domain/summit/details";
import {
  GitImportInputSchema,
  RemoveSourceFormSchema,
  TEXT_IMPORT_KIND_LABELS,
  TextImportFormSchema,
  type TextImportKind,
} from "~/forms/contributor-import";
import { ROLE_MAX_LENGTH } from "~/forms/eligibility";
import {
  checkRepository,
  firstStderrLine,
  GitUnavailableError,
  readAuthorLines,
  readMailmapFile,
  type GitRun,
} from "~/infra/git.server";
import { inTransaction, parseOrRefuse, refuse, refuseWith, resultOf, type Result } from "../../kernel/result.server";
import { readImportText } from "../import-text.server";
import { lockChangeableSummit, refuseUnlessChangeable } from "./changeable.server";

/**
 * Where the eligibility rules find people: contributor counts imported from
 * pasted or uploaded text or from a local git repository, MAINTAINERS files,
 * and removing a source. Parsing and git run before the transaction opens;
 * what they found is then written in one transaction under the summit lock,
 * or not at all. `actorId` null is the command line.
 */

// ---------------------------------------------------------------------------
// Normalising what the parsers produce

/** Emails lower-case and once each (a case-only duplicate adds its commits; the bigger count names the person). */
function normaliseCounts(counts: readonly ContributorCount[]): ContributorRow[] {
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

function maintainerResponsibilities(entries: readonly MaintainerEntry[]) {
  const seen = new Map<string, { role: string; email: string; name: string }>();
  for (const e of entries) {
    const email = e.email.trim().toLowerCase();
    if (email === "") continue;
    const role = roleForSection(e.section);
    const key = `${role}\u0000${email}`;
    if (!seen.has(key)) seen.set(key, { role, email, name: e.name.trim().slice(0, DISPLAY_NAME_MAX_LENGTH) });
  }
  return [...seen.values()];
}

// ---------------------------------------------------------------------------
// Pasted or uploaded text

function defaultLabel(kind: TextImportKind, now: Date): string {
  return `${TEXT_IMPORT_KIND_LABELS[kind]}, ${now.toISOString().slice(0, 10)}`;
}

export interface TextImportResult {
  kind: TextImportKind;
  label: string;
  accepted: number;
  skipped: number;
  duplicatesMerged: number;
  /** The new contributor source (shortlog and CSV). */
  sourceId: string | null;
  /** MAINTAINERS: how many entries the import replaced. */
  replaced: number;
}

/**
 * Parses the text again and applies it in one transaction: shortlog and CSV
 * counts become a new contributor source; a MAINTAINERS file replaces the
 * summit's previous MAINTAINERS import (roles entered by hand stay).
 */
export async function applyTextImport(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string | null; now: Date; input: unknown },
): Promise<Result<TextImportResult>> {
  const { summitId, actorId, now } = args;
  return resultOf(async () => {
    const values = parseOrRefuse(TextImportFormSchema, args.input);
    // Parsing is CPU work only; it happens before the transaction starts.
    const parsed = readImportText(values.kind, values.text);
    const { report } = parsed;
    if (report.accepted.length === 0) {
      refuse(422, "Nothing to import: no line of this text was accepted. See the report for why.", {
        text: "No line was accepted.",
      });
    }
    const label = values.label ?? defaultLabel(values.kind, now);
    const base = {
      kind: values.kind,
      label,
      accepted: report.accepted.length,
      skipped: report.skipped.length,
      duplicatesMerged: report.duplicatesMerged,
    };
    const result = await inTransaction(db, async (trx) => {
      const summit = await lockChangeableSummit(trx, { summitId, actorId });
      if (parsed.kind === "maintainers") {
        const entries = maintainerResponsibilities(parsed.report.accepted);
        const { removed, added } = await replaceMaintainersResponsibilities(trx, {
          summitId: summit.id,
          entries,
          createdAt: now,
        });
        await recordAudit(trx, {
          actorId,
          summitId: summit.id,
          action: "responsibility.maintainers_imported",
          objectType: "summit",
          objectId: summit.id,
          detail: { label, entries: added, replaced: removed, skippedLines: report.skipped.length },
        });
        return { ...base, sourceId: null, replaced: removed };
      }
      const contributors = normaliseCounts(parsed.report.accepted);
      const source = await insertContributorSource(trx, {
        source: {
          summitId: summit.id,
          kind: parsed.kind,
          label,
          since: values.since ?? null,
          until: values.until ?? null,
          importedAt: now,
          importedBy: actorId,
          acceptedLines: report.accepted.length + report.duplicatesMerged,
          skippedLines: report.skipped.length,
        },
        contributors,
      });
      await recordAudit(trx, {
        actorId,
        summitId: summit.id,
        action: "contributors.imported",
        objectType: "contributor_source",
        objectId: source.id,
        detail: {
          kind: parsed.kind,
          label,
          since: values.since ?? null,
          until: values.until ?? null,
          contributors: contributors.length,
          commits: contributors.reduce((sum, c) => sum + c.commits, 0),
          skippedLines: report.skipped.length,
        },
      });
      return { ...base, sourceId: source.id, replaced: 0 };
    });
    if (!result.ok) refuseWith(result);
    return result.value;
  });
}

// ---------------------------------------------------------------------------
// A local git repository (command line only: it reads the server's disk)

export interface GitImportResult {
  sourceId: string;
  repoPath: string;
  label: string;
  since: string;
  until: string;
  contributors: number;
  commits: number;
  aliases: number;
  /** Commits left out because their address is not a person's, per author, most first. */
  skipped: SkippedAuthor[];
  /** The same, per reason: "40 from bots". */
  skippedWhy: Array<{ why: string; count: number }>;
}

function gitSays(run: GitRun): string {
  const first = firstStderrLine(run);
  return first ? ` (git says: ${first})` : "";
}

/** Runs a step that starts git; git that cannot start is a refusal that says why. */
async function withGit<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof GitUnavailableError)) throw error;
    refuse(
      400,
      error.notInstalled
        ? "git is not installed on this server, so a repository cannot be read."
        : `Could not run git to ${what}: ${error.message}`,
    );
  }
}

/** Where the repository is, checked: a git repository's own folder, with at least one commit. */
async function repositoryOrRefuse(path: string): Promise<{ top: string; bare: boolean }> {
  const check = await withGit("check the repository", () => checkRepository(path));
  const repoError = (message: string) => refuse(400, message, { repoPath: message });
  switch (check.kind) {
    case "repository":
      return { top: check.top, bare: check.bare };
    case "inside":
      return repoError(
        `${path} is a folder inside the git repository at ${check.top}; the import reads a whole repository's history, so give ${check.top}.`,
      );
    case "missing":
      return repoError(`There is no folder at ${path}.`);
    case "not-a-folder":
      return repoError(`${path} is not a folder.`);
    case "not-a-repository":
      return repoError(`${path} is not a git repository.`);
    case "no-commits":
      return repoError(`The git repository at ${path} has no commits yet.`);
    case "unreadable":
      return repoError(`${path} cannot be read as a git repository${gitSays(check.run)}.`);
  }
}

/** The aliases of the repository's .mailmap, if any: they let other sources find the same people. */
async function mailmapAliases(repository: {
  top: string;
  bare: boolean;
}): Promise<Array<{ alias: string; canonical: string }>> {
  const text = await readMailmapFile(repository);
  if (text === null) return [];
  return parseMailmap(text)
    .aliases.map((a) => ({ alias: a.alias.trim().toLowerCase(), canonical: a.canonical.trim().toLowerCase() }))
    .filter((a) => a.alias !== "" && a.canonical !== "" && a.alias !== a.canonical);
}

/** The lines again, each as often as it came, in the order each first came (which names a person first). */
function* replay(seen: ReadonlyMap<string, number>): Generator<string> {
  for (const [line, times] of seen) for (let i = 0; i < times; i++) yield line;
}

/**
 * Commits per author over a period, by `git log --use-mailmap` streamed line
 * by line. Days are whole UTC days: `since` from 00:00:00, `until` to 23:59:59.
 */
export async function countRepositoryCommits(
  repoPath: string,
  period: { since: string; until: string },
): Promise<{ counts: ContributorCount[]; skipped: SkippedAuthor[]; run: GitRun }> {
  const { authors, run } = await withGit("read the history", () => readAuthorLines(repoPath, period));
  const { counts, skipped } = run.code === 0 ? countCommitsFromLog(replay(authors)) : { counts: [], skipped: [] };
  return { counts, skipped, run };
}

/**
 * Imports the commit counts of a local repository as a contributor source.
 * git runs before the transaction opens; the source, its counts and the
 * repository's mailmap aliases are then written together, or not at all.
 */
export async function importFromGit(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string | null; repoPath: string; since: string; until: string; now: Date },
): Promise<Result<GitImportResult>> {
  return resultOf(async () => {
    const values = parseOrRefuse(GitImportInputSchema, {
      repoPath: args.repoPath,
      since: args.since,
      until: args.until,
    });
    // Refuse early, before spending time on git; checked again under the lock below.
    const current = await getSummitPhase(db, args.summitId);
    if (!current) refuse(404, "There is no such summit.");
    await refuseUnlessChangeable(db, current, args.actorId);
    const repoPath = resolve(values.repoPath);
    const repository = await repositoryOrRefuse(repoPath);
    const { top } = repository;
    const { counts, skipped, run } = await countRepositoryCommits(repoPath, values);
    if (run.code !== 0) refuse(400, `git could not read the history of ${repoPath}${gitSays(run)}.`);
    const contributors = normaliseCounts(counts);
    const commits = contributors.reduce((sum, c) => sum + c.commits, 0);
    if (contributors.length === 0) {
      refuse(400, `${repoPath} has no commits from ${values.since} to ${values.until}; nothing was imported.`);
    }
    const aliases = await mailmapAliases(repository);
    const label = basename(top) || repoPath;
    const skippedWhy = skippedSummary(skipped).map((s) => ({ why: s.label, count: s.commits }));
    const skippedCommits = skipped.reduce((sum, s) => sum + s.commits, 0);
    const result = await inTransaction(db, async (trx) => {
      const summit = await lockChangeableSummit(trx, { summitId: args.summitId, actorId: args.actorId });
      const source = await insertContributorSource(trx, {
        source: {
          summitId: summit.id,
          kind: "git",
          label,
          since: values.since,
          until: values.until,
          importedAt: args.now,
          importedBy: args.actorId,
          acceptedLines: commits,
          skippedLines: skippedCommits,
          skippedReasons: skippedWhy,
        },
        contributors,
      });
      if (aliases.length > 0) await mergeEmailAliases(trx, { summitId: summit.id, aliases });
      await recordAudit(trx, {
        actorId: args.actorId,
        summitId: summit.id,
        action: "contributors.imported",
        objectType: "contributor_source",
        objectId: source.id,
        detail: {
          kind: "git",
          label,
          repoPath,
          since: values.since,
          until: values.until,
          contributors: contributors.length,
          commits,
          aliases: aliases.length,
          skipped: skippedWhy,
        },
      });
      return {
        sourceId: source.id,
        repoPath,
        label,
        since: values.since,
        until: values.until,
        contributors: contributors.length,
        commits,
        aliases: aliases.length,
        skipped,
        skippedWhy,
      };
    });
    if (!result.ok) refuseWith(result);
    return result.value;
  });
}

// ---------------------------------------------------------------------------
// Removing a source

export async function removeContributorSource(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string | null; input: unknown },
): Promise<Result<{ label: string; kind: ContributorSourceKind }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockChangeableSummit(trx, args);
    const { id } = parseOrRefuse(RemoveSourceFormSchema, args.input);
    const removed = await deleteContributorSource(trx, { summitId: summit.id, sourceId: id });
    if (!removed) refuse(404, "That contributor source does not exist, or was removed already.");
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "contributors.source_removed",
      objectType: "contributor_source",
      objectId: removed.id,
      detail: { kind: removed.kind, label: removed.label },
    });
    return { label: removed.label, kind: removed.kind };
  });
}
