import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHistory, MIN_AUTHORS, mulberry32, parseHistoryArgs, type HistoryTruth } from "../helpers/make-history";

const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const OPTIONS = { commits: 1500, authors: 60, seed: 7 };

let scratch: string;
let dir: string;
let truth: HistoryTruth;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "summit-make-history-test-"));
  dir = join(scratch, "history");
  truth = makeHistory(dir, OPTIONS);
}, 60_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function git(cwd: string, args: string[]): string {
  const run = spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`git ${args.join(" ")}: ${run.stderr}`);
  return run.stdout;
}

const period = () => [`--since=${truth.since} 00:00:00 +0000`, `--until=${truth.until} 23:59:59 +0000`];

/** Every commit's author as written, without the mailmap: [name, email, day]. */
function rawAuthors(): Array<[string, string, string]> {
  return git(dir, ["log", "--no-mailmap", "--format=%an%x00%ae%x00%as", "HEAD"])
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.split("\0") as [string, string, string]);
}

/** `git shortlog -sne` over the period: [commits, name, email] per line, as git prints them. */
function shortlog(): Array<[number, string, string]> {
  return git(dir, ["shortlog", "-sne", ...period(), "HEAD"])
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const match = /^\s*(\d+)\t(.*) <(.*)>$/.exec(line);
      if (!match) throw new Error(`not a shortlog line: ${line}`);
      return [Number(match[1]), match[2]!, match[3]!];
    });
}

describe("the generated history", () => {
  it("is the same for the same seed, and another for another seed", () => {
    const again = join(scratch, "again");
    const other = join(scratch, "other");
    makeHistory(again, OPTIONS);
    makeHistory(other, { ...OPTIONS, seed: 8 });
    const head = (d: string) => git(d, ["rev-parse", "HEAD"]).trim();
    expect(head(again)).toBe(head(dir));
    expect(readFileSync(`${again}.expected.json`, "utf8")).toBe(readFileSync(`${dir}.expected.json`, "utf8"));
    expect(head(other)).not.toBe(head(dir));
    expect(readFileSync(`${other}.expected.json`, "utf8")).not.toBe(readFileSync(`${dir}.expected.json`, "utf8"));
    // The truth returned is the truth written.
    expect(JSON.parse(readFileSync(`${dir}.expected.json`, "utf8"))).toEqual(truth);
  });

  it("has the commits and authors asked for, in the period, plus the commits before it with no address", () => {
    expect(truth).toMatchObject({ commits: 1500, authors: 60, since: "2016-01-01", until: "2017-12-31" });
    expect(truth.ranking).toHaveLength(60);
    expect(truth.ranking.reduce((sum, p) => sum + p.commits, 0)).toBe(1500);
    expect(Number(git(dir, ["rev-list", "--count", ...period(), "HEAD"]))).toBe(1500);
    const empty = truth.skipped!.emptyAddress;
    expect(empty.commits).toBeGreaterThan(0);
    expect(Number(git(dir, ["rev-list", "--count", "HEAD"]))).toBe(1500 + empty.commits);
    expect(empty.until < truth.since).toBe(true);
    // Commits are spread over the whole period.
    const days = rawAuthors().map(([, , day]) => day);
    const months = new Set(days.filter((d) => d >= truth.since).map((d) => d.slice(0, 7)));
    expect(months.size).toBe(24);
  });

  it("matches git shortlog -sne with the mailmap, once addresses are compared ignoring case", () => {
    const byEmail = new Map<string, { commits: number; names: Set<string> }>();
    for (const [commits, name, email] of shortlog()) {
      // Commits without an address are not counted by the import; none are in the period.
      expect(email).not.toBe("");
      const key = email.toLowerCase();
      const entry = byEmail.get(key) ?? { commits: 0, names: new Set<string>() };
      entry.commits += commits;
      entry.names.add(name);
      byEmail.set(key, entry);
    }
    expect(new Map(truth.ranking.map((p) => [p.email, p.commits]))).toEqual(
      new Map([...byEmail].map(([email, e]) => [email, e.commits])),
    );
    for (const person of truth.ranking) expect(byEmail.get(person.email)!.names).toContain(person.name);
    // The name kept for an address is that of its newest commit, as the import keeps it.
    const newest = new Map<string, string>();
    for (const line of git(dir, ["log", "--use-mailmap", "--format=%aN%x00%aE", ...period(), "HEAD"]).split("\n")) {
      const [name = "", email = ""] = line.split("\0");
      if (line !== "" && !newest.has(email.toLowerCase())) newest.set(email.toLowerCase(), name);
    }
    expect(new Map(truth.ranking.map((p) => [p.email, p.name]))).toEqual(newest);
    // Most commits first, then by address.
    const sorted = [...truth.ranking].sort((a, b) => b.commits - a.commits || (a.email < b.email ? -1 : 1));
    expect(truth.ranking).toEqual(sorted);
  });

  it("has names with accents and other scripts", () => {
    const names = rawAuthors().map(([name]) => name);
    for (const letter of ["é", "ü", "Ł", "Ó", "ß"]) expect(names.some((n) => n.includes(letter))).toBe(true);
    expect(names.some((n) => /\p{Script=Han}/u.test(n))).toBe(true);
    expect(names.some((n) => /\p{Script=Hangul}/u.test(n))).toBe(true);
    expect(names.some((n) => /\p{Script=Cyrillic}/u.test(n))).toBe(true);
    expect(truth.ranking.some((p) => /\p{Script=Han}/u.test(p.name))).toBe(true);
  });

  it("maps old addresses and spellings in a committed .mailmap, in the three forms git reads", () => {
    expect(git(dir, ["ls-files", ".mailmap"]).trim()).toBe(".mailmap");
    expect(git(dir, ["status", "--porcelain"])).toBe("");
    const lines = readFileSync(join(dir, ".mailmap"), "utf8").trim().split("\n");
    const forms = {
      email: /^<([^<>]+)> <([^<>]+)>$/,
      nameEmail: /^[^<>]+ <([^<>]+)> <([^<>]+)>$/,
      oldName: /^[^<>]+ <([^<>]+)> ([^<>]+) <([^<>]+)>$/,
    };
    for (const form of Object.values(forms)) expect(lines.some((l) => form.test(l))).toBe(true);
    const raw = rawAuthors();
    const truthEmails = new Set(truth.ranking.map((p) => p.email));
    for (const line of lines) {
      const addresses = [...line.matchAll(/<([^<>]+)>/g)].map((m) => m[1]!);
      expect(addresses).toHaveLength(2);
      const [canonical, old] = addresses as [string, string];
      expect(old).toMatch(/@old-\d+\.example\.net$/);
      // Someone committed under the old address, and is counted under the new one only.
      expect(raw.some(([, email]) => email === old)).toBe(true);
      expect(truthEmails.has(old)).toBe(false);
      expect(truthEmails.has(canonical)).toBe(true);
      const oldName = forms.oldName.exec(line)?.[2];
      if (oldName) expect(raw.some(([name, email]) => name === oldName && email === old)).toBe(true);
    }
    expect(truth.aliases).toHaveLength(lines.length);
    // About 5% of the people, and at least one of each form.
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.length).toBeLessThan(truth.authors / 4);
  });

  it("has bots and a noreply service account, told apart in the truth", () => {
    const raw = new Set(rawAuthors().map(([name, email]) => `${name} <${email}>`));
    expect(raw).toContain("renovate[bot] <29139614+renovate[bot]@users.noreply.github.com>");
    expect(raw).toContain("dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>");
    expect([...raw].some((r) => /^[^[]+ <noreply@[^>]+>$/.test(r))).toBe(true);
    const byEmail = new Map(truth.ranking.map((p) => [p.email, p.commits]));
    expect(truth.bots).toContain("29139614+renovate[bot]@users.noreply.github.com");
    expect(truth.bots!.every((b) => byEmail.has(b))).toBe(true);
    expect(truth.botCommits).toBe(truth.bots!.reduce((sum, b) => sum + byEmail.get(b)!, 0));
    expect(truth.botCommits).toBeGreaterThan(0);
  });

  it("has one address written with and without capitals, and one name spelled two ways", () => {
    const raw = rawAuthors();
    const emails = new Set(raw.map(([, email]) => email));
    expect(emails).toContain("Jane.Doe@Example.org");
    expect(emails).toContain("jane.doe@example.org");
    expect(truth.ranking.filter((p) => p.email === "jane.doe@example.org")).toHaveLength(1);
    const names = new Set(raw.filter(([, email]) => email === "berrange@example.com").map(([name]) => name));
    expect(names).toEqual(new Set(["Daniel P. Berrange", "Daniel P. Berrangé"]));
  });

  it("has empty addresses before the period, and (none) and localhost addresses in it", () => {
    const raw = rawAuthors();
    const empty = raw.filter(([, email]) => email === "");
    expect(empty).toHaveLength(truth.skipped!.emptyAddress.commits);
    for (const [, , day] of empty) {
      expect(day >= truth.skipped!.emptyAddress.since && day <= truth.skipped!.emptyAddress.until).toBe(true);
    }
    expect(raw.some(([, email]) => email.endsWith(".(none)"))).toBe(true);
    expect(raw.some(([, email]) => /@localhost(\.localdomain)?$/.test(email))).toBe(true);
    const byEmail = new Map(truth.ranking.map((p) => [p.email, p.commits]));
    expect(truth.placeholderAddresses!.every((a) => byEmail.has(a))).toBe(true);
    expect(truth.placeholderCommits).toBe(truth.placeholderAddresses!.reduce((sum, a) => sum + byEmail.get(a)!, 0));
  });

  it("gives a few people most of the commits", () => {
    const counts = truth.ranking.map((p) => p.commits);
    const top = counts.slice(0, Math.ceil(counts.length / 10)).reduce((a, b) => a + b, 0);
    expect(top / truth.commits).toBeGreaterThan(0.5);
    expect(counts[0]!).toBeGreaterThan(10 * counts[Math.floor(counts.length / 2)]!);
  });

  it("refuses to build over an existing folder, or with too few authors or commits", () => {
    expect(() => makeHistory(dir, OPTIONS)).toThrow(/exists/);
    const fresh = join(scratch, "refused");
    expect(() => makeHistory(fresh, { commits: 1000, authors: MIN_AUTHORS - 1 })).toThrow(/authors must be/);
    expect(() => makeHistory(fresh, { commits: 30, authors: 40 })).toThrow(/too few/);
    expect(existsSync(fresh)).toBe(false);
  });
});

describe("mulberry32", () => {
  it("repeats for a seed and spreads over [0, 1)", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const values = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(values);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(values.filter((v) => v < 0.5).length).toBeGreaterThan(400);
    expect(values.filter((v) => v < 0.5).length).toBeLessThan(600);
  });
});

describe("make-history on the command line", () => {
  it("reads its arguments and refuses bad ones", () => {
    expect(parseHistoryArgs(["out", "--commits", "10", "--authors", "30", "--seed", "3"])).toEqual({
      dir: "out",
      options: { commits: 10, authors: 30, seed: 3 },
    });
    expect(parseHistoryArgs([])).toMatch(/^usage:/);
    expect(parseHistoryArgs(["out", "--commits"])).toMatch(/--commits needs a value/);
    expect(parseHistoryArgs(["out", "--commits", "many"])).toMatch(/not a whole number/);
    expect(parseHistoryArgs(["out", "--force", "yes"])).toMatch(/unknown argument '--force'/);
  });

  it("builds the same history as the module does", () => {
    const out = join(scratch, "cli");
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "tests/helpers/make-history.ts", out, "--commits", "300", "--authors", "30", "--seed", "7"],
      { cwd: REPO_ROOT, encoding: "utf8" },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/300 commits by 30 authors from 2016-01-01 to 2017-12-31/);
    const module = join(scratch, "module");
    makeHistory(module, { commits: 300, authors: 30, seed: 7 });
    expect(git(out, ["rev-parse", "HEAD"])).toBe(git(module, ["rev-parse", "HEAD"]));
    const again = spawnSync(process.execPath, ["--import", "tsx", "tests/helpers/make-history.ts", out], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/exists; remove it first/);
  }, 30_000);
});
