// Reading a local git repository: git runs as a child process (never through a
// shell), its output is read line by line, and the repository's .mailmap is
// read where git reads it. What the lines mean is the import's business.
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdtemp, open, readFile, realpath, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** How a git run ended: its exit code and the start of what it wrote to stderr. */
export interface GitRun {
  code: number | null;
  stderr: string;
}

/** git could not be started at all (not installed, not executable). */
export class GitUnavailableError extends Error {
  constructor(
    readonly notInstalled: boolean,
    cause: Error,
  ) {
    super(cause.message, { cause });
    this.name = "GitUnavailableError";
  }
}

const STDERR_LIMIT = 4096;

const UTF8 = new TextDecoder("utf-8", { fatal: true });
// What old histories hold where they are not UTF-8: names typed in Latin-1 before git recorded encodings.
const LEGACY = new TextDecoder("windows-1252");

/** One line's bytes as text: UTF-8, else read knowingly as Windows-1252 (Latin-1), never as U+FFFD. */
function decodeLine(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    return LEGACY.decode(bytes);
  }
}

/**
 * Calls `onLine` for each complete line of the bytes fed to it in chunks. git
 * writes author names as their commits hold them, which in old histories is
 * not always UTF-8: such a line is decoded as Latin-1 rather than spoiled.
 */
function lineSplitter(onLine: (line: string) => void) {
  let rest: Buffer = Buffer.alloc(0);
  const emit = (block: Buffer) => {
    let text: string | null = null;
    try {
      text = UTF8.decode(block);
    } catch {
      // Rare: find the lines that are not UTF-8 one by one.
    }
    if (text !== null) {
      for (const line of text.split("\n")) onLine(line);
      return;
    }
    let start = 0;
    for (let end = block.indexOf(0x0a); end !== -1; end = block.indexOf(0x0a, start)) {
      onLine(decodeLine(block.subarray(start, end)));
      start = end + 1;
    }
    onLine(decodeLine(block.subarray(start)));
  };
  return {
    push(chunk: Buffer) {
      const bytes = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      const last = bytes.lastIndexOf(0x0a);
      if (last === -1) {
        rest = bytes;
        return;
      }
      emit(bytes.subarray(0, last));
      rest = Buffer.from(bytes.subarray(last + 1));
    },
    end() {
      if (rest.length > 0) emit(rest);
      rest = Buffer.alloc(0);
    },
  };
}

function spawnGit(args: string[], stdout: "pipe" | number) {
  return spawn("git", args, {
    stdio: ["ignore", stdout, "pipe"],
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" },
  });
}

function finished(child: ReturnType<typeof spawnGit>, onStdout?: (chunk: Buffer) => void): Promise<GitRun> {
  return new Promise((resolvePromise, reject) => {
    let stderr = "";
    if (onStdout && child.stdout) {
      child.stdout.on("data", onStdout);
    }
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
      if (stderr.length < STDERR_LIMIT) stderr += chunk;
    });
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(new GitUnavailableError(error.code === "ENOENT", error)),
    );
    child.on("close", (code) => resolvePromise({ code, stderr: stderr.slice(0, STDERR_LIMIT) }));
  });
}

/** Runs git with its output read line by line. Throws GitUnavailableError if git cannot start. */
export async function runGit(args: string[], onLine: (line: string) => void): Promise<GitRun> {
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
export async function runGitThroughFile(args: string[], onLine: (line: string) => void): Promise<GitRun> {
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
      for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
        lines.push(chunk as Buffer);
      }
      lines.end();
    }
    return run;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The first line git wrote to stderr, or null. */
export function firstStderrLine(run: GitRun): string | null {
  return (
    run.stderr
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "") ?? null
  );
}

/** What a path turned out to be, as far as reading its history goes. */
export type RepositoryCheck =
  | { kind: "repository"; top: string; bare: boolean }
  | { kind: "inside"; top: string }
  | { kind: "missing" }
  | { kind: "not-a-folder" }
  | { kind: "not-a-repository" }
  | { kind: "no-commits" }
  | { kind: "unreadable"; run: GitRun };

async function firstLineOf(args: string[]): Promise<string | null> {
  let first: string | null = null;
  const run = await runGit(args, (line) => (first ??= line));
  return run.code === 0 ? first : null;
}

/**
 * Whether `path` is a git repository with at least one commit: the top of a
 * working tree, or a bare repository's own folder. A folder inside one is
 * told apart (`inside`), since its history would be the whole repository's.
 */
export async function checkRepository(path: string): Promise<RepositoryCheck> {
  try {
    if (!(await stat(path)).isDirectory()) return { kind: "not-a-folder" };
  } catch {
    return { kind: "missing" };
  }
  const head = await runGit(["-C", path, "rev-parse", "--verify", "--quiet", "HEAD^{commit}"], () => {});
  if (head.code !== 0) {
    if (/not a git repository/i.test(head.stderr)) return { kind: "not-a-repository" };
    if (head.stderr.trim() === "") return { kind: "no-commits" };
    return { kind: "unreadable", run: head };
  }
  const here = await realpath(path);
  const bare = (await firstLineOf(["-C", path, "rev-parse", "--is-bare-repository"])) === "true";
  if (bare) {
    // A bare repository has no working tree: its folder (the git folder itself) names it.
    const gitDir = await firstLineOf(["-C", path, "rev-parse", "--absolute-git-dir"]);
    const top = gitDir ? await realpath(gitDir) : here;
    return top === here ? { kind: "repository", top, bare } : { kind: "inside", top };
  }
  const shown = await firstLineOf(["-C", path, "rev-parse", "--show-toplevel"]);
  const top = shown ? await realpath(shown) : here;
  return top === here ? { kind: "repository", top, bare } : { kind: "inside", top };
}

/**
 * The repository's .mailmap, as `git log --use-mailmap` reads it: the file at
 * the top of the working tree, or in a bare repository (which has none) the
 * one committed at HEAD. Null if there is none to read.
 */
export async function readMailmapFile(repository: { top: string; bare: boolean }): Promise<string | null> {
  if (repository.bare) {
    const lines: string[] = [];
    const run = await runGit(["-C", repository.top, "cat-file", "blob", "HEAD:.mailmap"], (line) => lines.push(line));
    return run.code === 0 ? lines.join("\n") : null;
  }
  try {
    return await readFile(join(repository.top, ".mailmap"), "utf8");
  } catch {
    return null;
  }
}

/**
 * The authors of the commits reachable from HEAD over a period, by
 * `git log --use-mailmap`, streamed: each distinct "name NUL email" line with
 * how often it came, in the order each first came (which names a person
 * first). A history has far fewer distinct lines than commits, so only those
 * are kept while git streams. Days are whole UTC days: `since` from 00:00:00,
 * `until` to 23:59:59.
 */
export async function readAuthorLines(
  repoPath: string,
  period: { since: string; until: string },
): Promise<{ authors: Map<string, number>; run: GitRun }> {
  const authors = new Map<string, number>();
  const run = await runGitThroughFile(
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
      authors.set(line, (authors.get(line) ?? 0) + 1);
    },
  );
  return { authors, run };
}
