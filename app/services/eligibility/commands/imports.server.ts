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
import { listResponsibilities, replaceMaintainersResponsibilities } from "~db/queries/responsibility";
import type { ContributorSourceKind, Database } from "~db/schema";
import { skippedSummary } from "~/domain/eligibility/contributor-address";
import { countCommitsFromLog, type ContributorCount, type SkippedAuthor } from "~/domain/eligibility/contributors";
import { parseMailmap } from "~/domain/eligibility/mailmap";
import { droppedEntries, dropIsConfirmed } from "~/domain/eligibility/replacement";
import {
  GitImportInputSchema,
  RemoveSourceFormSchema,
  TEXT_IMPORT_KIND_LABELS,
  TextImportFormSchema,
  type TextImportKind,
} from "~/forms/contributor-import";
import {
  checkRepository,
  firstStderrLine,
  GitUnavailableError,
  readAuthorLines,
  readMailmapFile,
  type GitRun,
} from "~/infra/git.server";
import { inTransaction, parseOrRefuse, refuse, refuseWith, resultOf, type Result } from "../../kernel/result.server";
import { maintainerResponsibilities, normaliseCounts, readImportText } from "../import-text.server";
import { lockChangeableSummit, refuseUnlessChangeable } from "./changeable.server";

/**
 * Where the eligibility rules find people: contributor counts imported from
 * pasted or uploaded text or from a local git repository, MAINTAINERS files,
 * and removing a source. Parsing and git run before the transaction opens;
 * what they found is then written in one transaction under the summit lock,
 * or not at all. `actorId` null is the command line.
 */

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
        // Judged under the lock, against what is stored now, not what the preview saw.
        const current = await listResponsibilities(trx, { summitId: summit.id, origin: "maintainers" });
        const dropped = droppedEntries(current, entries);
        const confirmed = values.confirmDropped === undefined ? null : Number(values.confirmDropped);
        if (!dropIsConfirmed(current.length, dropped.length, confirmed)) {
          refuse(
            409,
            `This file would remove ${dropped.length} of the ${current.length} entries (a person in a role) of the current MAINTAINERS import. ` +
              "Show what would be imported again, check who would be removed, and confirm the removal.",
          );
        }
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

/** What a repository's history gives over a period, read and counted, before anything is stored. */
export interface GitHistory {
  repoPath: string;
  label: string;
  since: string;
  until: string;
  contributors: ContributorRow[];
  commits: number;
  aliases: Array<{ alias: string; canonical: string }>;
  /** Commits left out because their address is not a person's, per author, most first. */
  skipped: SkippedAuthor[];
  /** The same, per reason: "40 from bots". */
  skippedWhy: Array<{ why: string; count: number }>;
}

/**
 * Reads a local repository's history over whole days: checked, counted by
 * author, and its mailmap's aliases. It writes nothing; the preview on the
 * command line shows it, and the import stores it.
 */
export async function readGitHistory(input: { repoPath: string; since: string; until: string }): Promise<GitHistory> {
  const values = parseOrRefuse(GitImportInputSchema, input);
  const repoPath = resolve(values.repoPath);
  const repository = await repositoryOrRefuse(repoPath);
  const { counts, skipped, run } = await countRepositoryCommits(repoPath, values);
  if (run.code !== 0) refuse(400, `git could not read the history of ${repoPath}${gitSays(run)}.`);
  const contributors = normaliseCounts(counts);
  if (contributors.length === 0) {
    refuse(400, `${repoPath} has no commits from ${values.since} to ${values.until}; nothing was imported.`);
  }
  return {
    repoPath,
    label: basename(repository.top) || repoPath,
    since: values.since,
    until: values.until,
    contributors,
    commits: contributors.reduce((sum, c) => sum + c.commits, 0),
    aliases: await mailmapAliases(repository),
    skipped,
    skippedWhy: skippedSummary(skipped).map((s) => ({ why: s.label, count: s.commits })),
  };
}

/**
 * Imports the commit counts of a local repository as a contributor source.
 * git runs before the transaction opens; the source, its counts and the
 * repository's mailmap aliases are then written together, or not at all.
 */
export async function importFromGit(
  db: Kysely<Database>,
  args: {
    summitId: string;
    actorId: string | null;
    repoPath: string;
    since: string;
    until: string;
    now: Date;
    /** The history as a preview just read it for the same path and period, so git need not run again. */
    history?: GitHistory;
  },
): Promise<Result<GitImportResult>> {
  return resultOf(async () => {
    parseOrRefuse(GitImportInputSchema, { repoPath: args.repoPath, since: args.since, until: args.until });
    // Refuse early, before spending time on git; checked again under the lock below.
    const current = await getSummitPhase(db, args.summitId);
    if (!current) refuse(404, "There is no such summit.");
    await refuseUnlessChangeable(db, current, args.actorId);
    const history =
      args.history ?? (await readGitHistory({ repoPath: args.repoPath, since: args.since, until: args.until }));
    const { repoPath, label, since, until, contributors, commits, aliases, skipped, skippedWhy } = history;
    const skippedCommits = skipped.reduce((sum, s) => sum + s.commits, 0);
    const result = await inTransaction(db, async (trx) => {
      const summit = await lockChangeableSummit(trx, { summitId: args.summitId, actorId: args.actorId });
      const source = await insertContributorSource(trx, {
        source: {
          summitId: summit.id,
          kind: "git",
          label,
          since,
          until,
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
          since,
          until,
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
        since,
        until,
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
