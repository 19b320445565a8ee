import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, open, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import type { Kysely } from "kysely";
import { z } from "zod";
import { recordAudit } from "~db/queries/audit";
import {
  deleteContributorSource,
  getSummitPhase,
  insertContributorSource,
  listContributorSources,
  lockSummitForImport,
  type ContributorRow,
} from "~db/queries/contributor-source";
import { listEmailAliases, mergeEmailAliases } from "~db/queries/email-alias";
import {
  addResponsibility as insertResponsibility,
  listResponsibilities,
  removeResponsibility as deleteResponsibility,
  replaceMaintainersResponsibilities,
} from "~db/queries/responsibility";
import { hasSummitRole } from "~db/queries/summit-role";
import type { ContributorSourceKind, Database } from "~db/schema";
import {
  countCommitsFromLog,
  parseContributorCsv,
  parseShortlog,
  type ContributorCount,
} from "~/domain/eligibility/contributors";
import { NotThatFormatError, type ImportReport } from "~/domain/eligibility/import-report";
import { parseMailmap } from "~/domain/eligibility/mailmap";
import { maintainerRole, parseMaintainersFile, type MaintainerEntry } from "~/domain/eligibility/maintainers-file";
import { DISPLAY_NAME_MAX_LENGTH, displayNameFromEmail, isIsoDate } from "~/domain/summit/details";
import { emailField } from "~/forms/summit";
import {
  CORRECT_BELOW,
  inTransaction,
  isRefusalThrown,
  resultOf,
  resultOfSync,
  parseOrRefuse,
  refuse,
  refuseWith,
  type Result,
  type Refusal,
} from "../kernel/result.server";
import {
  LABEL_MAX_LENGTH,
  ROLE_MAX_LENGTH,
  TEXT_IMPORT_KIND_LABELS,
  TEXT_IMPORT_KINDS,
  TEXT_IMPORT_MAX_BYTES,
  type TextImportKind,
} from "~/forms/contributor-import";

/** Import outcomes may also be 422: text that parses but is not what it claims to be. */
export type ImportRefusal = Refusal;
export type ImportOutcome<T> = Result<T>;

// ---------------------------------------------------------------------------
// Input

// One line of text: no line breaks, and no other control characters (PostgreSQL cannot store NUL).
// eslint-disable-next-line no-control-regex
const oneLine = (value: string) => !/[\u0000-\u001f\u007f]/.test(value);

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

const dayField = (what: string) =>
  z
    .string({ error: `Enter ${what} as YYYY-MM-DD.` })
    .trim()
    .refine(isIsoDate, `Enter ${what} as a real date, YYYY-MM-DD, such as 2017-01-01.`);

const optionalDay = (what: string) => z.preprocess(blankToUndefined, dayField(what).optional());

function untilNotBeforeSince<T extends { since?: string; until?: string }>(schema: z.ZodType<T>) {
  return schema.refine((v) => !v.since || !v.until || v.since <= v.until, {
    path: ["until"],
    message: "The end of the period cannot be before its start.",
    // Only once both are real dates: a bad date has its own message.
    when: (payload) => {
      const v = payload.value as { since?: unknown; until?: unknown };
      const day = (d: unknown) => typeof d === "string" && isIsoDate(d.trim());
      return day(v.since) && day(v.until);
    },
  });
}

export const TextImportSchema = untilNotBeforeSince(
  z
    .object({
      kind: z.enum(TEXT_IMPORT_KINDS, {
        error: "Choose what the text is: git shortlog output, a CSV, or a MAINTAINERS file.",
      }),
      text: z
        .string({ error: "Paste the text or choose a file." })
        .refine((t) => t.trim().length > 0, "Paste the text or choose a file: there is nothing to import.")
        .refine(
          (t) => Buffer.byteLength(t, "utf8") <= TEXT_IMPORT_MAX_BYTES,
          `The text is larger than ${TEXT_IMPORT_MAX_BYTES / 1024 / 1024} MB.`,
        ),
      label: z.preprocess(
        blankToUndefined,
        z
          .string()
          .trim()
          .max(LABEL_MAX_LENGTH, `A label has at most ${LABEL_MAX_LENGTH} characters.`)
          .refine(oneLine, "A label is one line of text, without control characters.")
          .optional(),
      ),
      since: optionalDay("the first day counted"),
      until: optionalDay("the last day counted"),
    })
    .strict(),
);
/** The form's fields as posted (kind, text, label, since, until); checked by TextImportSchema. */
export type TextImportFields = Record<string, unknown>;

export const GitImportSchema = untilNotBeforeSince(
  z
    .object({
      repoPath: z
        .string({ error: "Give the path of a git repository on this server." })
        .trim()
        .min(1, "Give the path of a git repository on this server.")
        .max(4096, "That path is too long.")
        .refine((p) => !p.includes("\0"), "A path cannot contain a NUL character."),
      since: dayField("the first day counted"),
      until: dayField("the last day counted"),
    })
    .strict(),
);

export const ResponsibilitySchema = z
  .object({
    role: z
      .string({ error: "Name the role, such as “stable maintainer”." })
      .trim()
      .min(1, "Name the role, such as “stable maintainer”.")
      .max(ROLE_MAX_LENGTH, `A role has at most ${ROLE_MAX_LENGTH} characters.`)
      .refine(oneLine, "A role is one line of text, without control characters."),
    email: emailField,
    name: z.preprocess(
      blankToUndefined,
      z
        .string()
        .trim()
        .max(DISPLAY_NAME_MAX_LENGTH, `A name has at most ${DISPLAY_NAME_MAX_LENGTH} characters.`)
        .refine(oneLine, "A name is one line of text, without control characters.")
        .optional(),
    ),
  })
  .strict();

const IdSchema = (what: string) =>
  z
    .object({
      id: z.string({ error: `Say which ${what}.` }).regex(/^[0-9a-f-]{36}$/i, `That ${what} does not exist.`),
    })
    .strict();

// ---------------------------------------------------------------------------
// Permissions

/**
 * Organizers only; `actorId` null is the command line, whose user owns the
 * installation. Eligibility may change until the minutes are published (the
 * invitations may still be open until then).
 */
async function allowedToChange(db: Kysely<Database>, summitId: string, actorId: string | null, lock: boolean) {
  if (actorId !== null && !(await hasSummitRole(db, { summitId, userId: actorId, role: "organizer" }))) {
    refuse(403, "Only the organizers of this summit can do this.");
  }
  const summit = lock ? await lockSummitForImport(db, summitId) : await getSummitPhase(db, summitId);
  if (!summit) refuse(404, "There is no such summit.");
  if (summit.phase === "published") {
    refuse(409, "The minutes of this summit are published: who could attend is final and no longer changes.");
  }
  return summit;
}

/** Whether `actorId` may import into this summit now; the page asks before showing a preview. */
export function checkImportAllowed(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string | null },
): Promise<Result<{ slug: string }>> {
  return resultOf(async () => {
    const summit = await allowedToChange(db, args.summitId, args.actorId, false);
    return { slug: summit.slug };
  });
}

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
// Pasted or uploaded text: preview, then apply

export type TextImportPreview =
  | { kind: "shortlog" | "csv"; report: ImportReport<ContributorCount> }
  | { kind: "maintainers"; report: ImportReport<MaintainerEntry> };

function parseText(kind: TextImportKind, text: string): TextImportPreview {
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
 * What an import would do, line by line, without touching the database.
 * Text that is plainly another kind of file is refused with the parser's reason.
 */
export function previewTextImport(input: unknown): Result<TextImportPreview & { values: TextImportValues }> {
  return resultOfSync(() => {
    const values = parseOrRefuse(TextImportSchema, input);
    return { ...parseText(values.kind, values.text), values };
  });
}

export type TextImportValues = z.output<typeof TextImportSchema>;

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
  args: { summitId: string; actorId: string | null; now: Date; input: TextImportFields },
): Promise<Result<TextImportResult>> {
  const { summitId, actorId, now, input } = args;
  return resultOf(async () => {
    const values = parseOrRefuse(TextImportSchema, input);
    // Parsing is CPU work only; it happens before the transaction starts.
    const parsed = parseText(values.kind, values.text);
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
      const summit = await allowedToChange(trx, summitId, actorId, true);
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
}

interface GitRun {
  code: number | null;
  stderr: string;
}

const STDERR_LIMIT = 4096;

/** Calls `onLine` for each complete line of the text fed to it in chunks. */
function lineSplitter(onLine: (line: string) => void) {
  let rest = "";
  return {
    push(chunk: string) {
      const text = rest + chunk;
      let start = 0;
      for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", start)) {
        onLine(text.slice(start, end));
        start = end + 1;
      }
      rest = text.slice(start);
    },
    end() {
      if (rest !== "") onLine(rest);
      rest = "";
    },
  };
}

function spawnGit(args: string[], stdout: "pipe" | number) {
  return spawn("git", args, {
    stdio: ["ignore", stdout, "pipe"],
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" },
  });
}

function finished(child: ReturnType<typeof spawnGit>, onStdout?: (chunk: string) => void): Promise<GitRun> {
  return new Promise((resolvePromise, reject) => {
    let stderr = "";
    if (onStdout && child.stdout) {
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", onStdout);
    }
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
      if (stderr.length < STDERR_LIMIT) stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stderr: stderr.slice(0, STDERR_LIMIT) }));
  });
}

/** Runs git (never through a shell) with its output read line by line. */
async function runGit(args: string[], onLine: (line: string) => void): Promise<GitRun> {
  const lines = lineSplitter(onLine);
  const run = await finished(spawnGit(args, "pipe"), (chunk) => lines.push(chunk));
  lines.end();
  return run;
}

/**
 * As runGit, for output of many megabytes: git writes into a private
 * temporary file, which is then read line by line. Through a pipe, git stops
 * each time the pipe's 64 KB are full until Node has read them; on a busy
 * machine those waits made the import twice as slow as `git shortlog`.
 */
async function runGitThroughFile(args: string[], onLine: (line: string) => void): Promise<GitRun> {
  const folder = await mkdtemp(join(tmpdir(), "summit-git-"));
  try {
    const path = join(folder, "output");
    const file = await open(path, "w", 0o600);
    let run: GitRun;
    try {
      run = await finished(spawnGit(args, file.fd));
    } finally {
      await file.close();
    }
    if (run.code === 0) {
      const lines = lineSplitter(onLine);
      for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 })) {
        lines.push(chunk as string);
      }
      lines.end();
    }
    return run;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

function gitSays(run: GitRun): string {
  const first = run.stderr
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l !== "");
  return first ? ` (git says: ${first})` : "";
}

async function runGitOrRefuse(
  args: string[],
  onLine: (line: string) => void,
  what: string,
  run: typeof runGit = runGit,
): Promise<GitRun> {
  try {
    return await run(args, onLine);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    refuse(
      400,
      code === "ENOENT"
        ? "git is not installed on this server, so a repository cannot be read."
        : `Could not run git to ${what}: ${(error as Error).message}`,
    );
  }
}

/** Where the repository is, checked: a folder, inside a git repository, with at least one commit. */
async function checkRepository(path: string): Promise<{ top: string }> {
  const repoError = (message: string) => refuse(400, message, { repoPath: message });
  try {
    if (!(await stat(path)).isDirectory()) repoError(`${path} is not a folder.`);
  } catch (error) {
    if (isRefusalThrown(error)) throw error;
    repoError(`There is no folder at ${path}.`);
  }
  const head = await runGitOrRefuse(
    ["-C", path, "rev-parse", "--verify", "--quiet", "HEAD^{commit}"],
    () => {},
    "check the repository",
  );
  if (head.code !== 0) {
    if (/not a git repository/i.test(head.stderr)) repoError(`${path} is not a git repository.`);
    if (head.stderr.trim() === "") repoError(`The git repository at ${path} has no commits yet.`);
    repoError(`${path} cannot be read as a git repository${gitSays(head)}.`);
  }
  let top = "";
  const topRun = await runGitOrRefuse(
    ["-C", path, "rev-parse", "--show-toplevel"],
    (line) => (top ||= line),
    "find the working tree",
  );
  // A bare repository has no working tree: its folder names it.
  return { top: topRun.code === 0 && top !== "" ? top : path };
}

/** The .mailmap at the top of the working tree, if any; its aliases let other sources find the same people. */
async function readMailmapAliases(top: string): Promise<Array<{ alias: string; canonical: string }>> {
  let text: string;
  try {
    text = await readFile(join(top, ".mailmap"), "utf8");
  } catch {
    return [];
  }
  return parseMailmap(text)
    .aliases.map((a) => ({ alias: a.alias.trim().toLowerCase(), canonical: a.canonical.trim().toLowerCase() }))
    .filter((a) => a.alias !== "" && a.canonical !== "" && a.alias !== a.canonical);
}

/**
 * Counts commits per author over a period, by `git log --use-mailmap`
 * streamed line by line. Days are whole UTC days: `since` from 00:00:00,
 * `until` to 23:59:59.
 */
export async function countRepositoryCommits(
  repoPath: string,
  period: { since: string; until: string },
): Promise<{ counts: ContributorCount[]; lines: number; run: GitRun }> {
  // A history has far fewer distinct "name NUL email" lines than commits: only
  // those are kept while git streams, each with how often it came.
  const seen = new Map<string, number>();
  let lines = 0;
  const run = await runGitOrRefuse(
    [
      "-C",
      repoPath,
      "log",
      "--use-mailmap",
      "--format=%aN%x00%aE",
      `--since=${period.since} 00:00:00 +0000`,
      `--until=${period.until} 23:59:59 +0000`,
      "HEAD",
      "--",
    ],
    (line) => {
      if (line === "") return;
      lines++;
      seen.set(line, (seen.get(line) ?? 0) + 1);
    },
    "read the history",
    runGitThroughFile,
  );
  return { counts: run.code === 0 ? countCommitsFromLog(replay(seen)) : [], lines, run };
}

/** The lines again, each as often as it came, in the order each first came (which names a person first). */
function* replay(seen: ReadonlyMap<string, number>): Generator<string> {
  for (const [line, times] of seen) for (let i = 0; i < times; i++) yield line;
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
    const values = parseOrRefuse(GitImportSchema, {
      repoPath: args.repoPath,
      since: args.since,
      until: args.until,
    });
    // Refuse early, before spending time on git; checked again under the lock below.
    await allowedToChange(db, args.summitId, args.actorId, false);
    const repoPath = resolve(values.repoPath);
    const { top } = await checkRepository(repoPath);
    const { counts, lines, run } = await countRepositoryCommits(repoPath, values);
    if (run.code !== 0) refuse(400, `git could not read the history of ${repoPath}${gitSays(run)}.`);
    const contributors = normaliseCounts(counts);
    const commits = contributors.reduce((sum, c) => sum + c.commits, 0);
    if (contributors.length === 0) {
      refuse(400, `${repoPath} has no commits from ${values.since} to ${values.until}; nothing was imported.`);
    }
    const aliases = await readMailmapAliases(top);
    const label = basename(top) || repoPath;
    const result = await inTransaction(db, async (trx) => {
      const summit = await allowedToChange(trx, args.summitId, args.actorId, true);
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
          skippedLines: lines - commits,
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
      };
    });
    if (!result.ok) refuseWith(result);
    return result.value;
  });
}

// ---------------------------------------------------------------------------
// Removing a source; responsibilities entered by hand

export async function removeContributorSource(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string | null; input: unknown },
): Promise<Result<{ label: string; kind: ContributorSourceKind }>> {
  return inTransaction(db, async (trx) => {
    const summit = await allowedToChange(trx, args.summitId, args.actorId, true);
    const { id } = parseOrRefuse(IdSchema("source"), args.input);
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

/** Names someone holder of a role ("stable maintainer"), by address; the name defaults to one made from it. */
export async function addResponsibility(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string | null; now: Date; input: unknown },
): Promise<Result<{ id: string; role: string; email: string; name: string }>> {
  return inTransaction(db, async (trx) => {
    const summit = await allowedToChange(trx, args.summitId, args.actorId, true);
    const value = parseOrRefuse(ResponsibilitySchema, args.input);
    const name = value.name ?? displayNameFromEmail(value.email);
    const row = await insertResponsibility(trx, {
      summitId: summit.id,
      role: value.role,
      email: value.email,
      name,
      origin: "manual",
      createdAt: args.now,
    });
    if (!row) refuse(409, CORRECT_BELOW, { email: `${value.email} already holds the role “${value.role}”.` });
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "responsibility.added",
      objectType: "responsibility",
      objectId: row.id,
      detail: { role: row.role, email: row.email, displayName: row.name },
    });
    return { id: row.id, role: row.role, email: row.email, name: row.name };
  });
}

export async function removeResponsibility(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string | null; input: unknown },
): Promise<Result<{ role: string; email: string; name: string }>> {
  return inTransaction(db, async (trx) => {
    const summit = await allowedToChange(trx, args.summitId, args.actorId, true);
    const { id } = parseOrRefuse(IdSchema("responsibility"), args.input);
    const row = await deleteResponsibility(trx, { summitId: summit.id, id });
    if (!row) refuse(404, "That responsibility does not exist, or was removed already.");
    await recordAudit(trx, {
      actorId: args.actorId,
      summitId: summit.id,
      action: "responsibility.removed",
      objectType: "responsibility",
      objectId: row.id,
      detail: { role: row.role, email: row.email, displayName: row.name, origin: row.origin },
    });
    return { role: row.role, email: row.email, name: row.name };
  });
}

// ---------------------------------------------------------------------------
// The sources page

/** Maintainers imported from a MAINTAINERS file are many; the page lists the first ones only. */
export const MAINTAINERS_SHOWN = 200;

function isoTime(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

function period(since: string | null, until: string | null): string {
  if (since && until) return `${since}..${until}`;
  if (since) return `from ${since}`;
  if (until) return `until ${until}`;
  return "period not stated";
}

export async function getSourcesPage(db: Kysely<Database>, summitId: string) {
  const [sources, manual, maintainers, aliases] = await Promise.all([
    listContributorSources(db, summitId),
    listResponsibilities(db, { summitId, origin: "manual" }),
    listResponsibilities(db, { summitId, origin: "maintainers" }),
    listEmailAliases(db, summitId),
  ]);
  const view = (r: (typeof manual)[number]) => ({ id: r.id, role: r.role, email: r.email, name: r.name });
  return {
    sources: sources.map((s) => ({
      id: s.id,
      kind: s.kind,
      label: s.label,
      period: period(s.since, s.until),
      importedAt: isoTime(s.importedAt),
      importedBy: s.importedByName ?? "the command line",
      contributors: s.contributors,
      commits: s.commits,
      skippedLines: s.skippedLines,
    })),
    manual: manual.map(view),
    maintainers: {
      total: maintainers.length,
      sections: new Set(maintainers.map((m) => m.role)).size,
      importedAt: maintainers.length > 0 ? isoTime(maintainers[0]!.createdAt) : null,
      shown: maintainers.slice(0, MAINTAINERS_SHOWN).map(view),
    },
    aliases: aliases.length,
  };
}
