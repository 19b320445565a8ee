import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { sql, type Kysely } from "kysely";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { listContributors } from "../../db/queries/contributor-source";
import { listEmailAliases } from "../../db/queries/email-alias";
import { listResponsibilities } from "../../db/queries/responsibility";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../../app/auth/session.server";
import {
  applyTextImport,
  importFromGit,
  removeContributorSource,
} from "../../app/services/eligibility/commands/imports.server";
import {
  addResponsibility,
  removeResponsibility,
} from "../../app/services/eligibility/commands/responsibilities.server";
import { previewTextImport } from "../../app/services/eligibility/pages.server";
import * as sourcesRoute from "../../app/routes/summits.$slug.sources";
import { callRoute, failingDatabase, getRequest, makeContext, postRequest } from "../helpers/route-harness";
import { describeEachDatabase, type TestDatabase } from "../helpers/test-db";
import { historyRepository, type HistoryTruth } from "../helpers/history-repository";
import { makeUser, summitWithOrganizer } from "../helpers/factories/eligibility";

const REPO_ROOT = resolve(__dirname, "../..");
const fixture = (name: string) => readFileSync(join(REPO_ROOT, "tests/fixtures", name), "utf8");

/**
 * The generated history's truth per address, with the names the import may keep
 * for it. Summit counts by address, ignoring case: “Jane Doe” writing as
 * Jane.Doe@Example.org and as jane.doe@example.org is one contributor, and so is
 * “Daniel P. Berrange” who became “Daniel P. Berrangé” under the same address.
 */
/** The addresses of a history that are not people's: its bots and its machines. */
function notPeople(expected: HistoryTruth): Set<string> {
  return new Set([...(expected.bots ?? []), ...(expected.placeholderAddresses ?? [])]);
}

/** The commits an import counts: everyone's but the bots' and machines', which it skips. */
function peoplesCommits(expected: HistoryTruth): number {
  return expected.commits - (expected.botCommits ?? 0) - (expected.placeholderCommits ?? 0);
}

/** The people of a history (not its bots or machines), by address: their names and commits. */
function truthByEmail(expected: HistoryTruth): Map<string, { names: Set<string>; commits: number }> {
  const truth = new Map<string, { names: Set<string>; commits: number }>();
  const skipped = notPeople(expected);
  for (const person of expected.ranking) {
    if (skipped.has(person.email)) continue;
    const entry = truth.get(person.email) ?? { names: new Set<string>(), commits: 0 };
    entry.names.add(person.name);
    entry.commits += person.commits;
    truth.set(person.email, entry);
  }
  return truth;
}

/** Everything an import may write, for “nothing was written” checks. */
async function footprint(db: Kysely<Database>, summitId: string) {
  const count = async (table: "contributor_source" | "email_alias" | "responsibility" | "audit_log") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("summit_id", "=", summitId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const contributors = Number(
    (
      await db
        .selectFrom("contributor")
        .innerJoin("contributor_source", "contributor_source.id", "contributor.source_id")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("contributor_source.summit_id", "=", summitId)
        .executeTakeFirstOrThrow()
    ).n,
  );
  return {
    sources: await count("contributor_source"),
    contributors,
    aliases: await count("email_alias"),
    responsibilities: await count("responsibility"),
    audit: await count("audit_log"),
  };
}

async function auditActions(db: Kysely<Database>, summitId: string) {
  const rows = await db
    .selectFrom("audit_log")
    .select(["action", "actor_id", "detail"])
    .where("summit_id", "=", summitId)
    .orderBy("id")
    .execute();
  return rows;
}

const NOW = new Date("2026-11-26T10:00:00Z");

const SHORTLOG_WITH_PROBLEMS = [
  fixture("shortlog.txt").trimEnd(),
  "this line is garbage",
  "     5\tNo Address At All",
  "   abc\tBad Count <bad.count@example.org>",
  "     7\tZoë Ó Briain <zoe.obriain@example.org>",
  "",
].join("\n");

// The small repository of the git tests: built once per run (a few seconds), then cached.
let small: { dir: string; expected: HistoryTruth };
beforeAll(() => {
  small = historyRepository(3000, 200);
}, 120_000);

describeEachDatabase("contributor imports", (use) => {
  describe("from a git repository", () => {
    it("counts exactly the generated history's truth per address, honouring .mailmap, and keeps the aliases", async () => {
      const { db } = use();
      const { organizer, summit } = await summitWithOrganizer(db);
      const { dir, expected } = small;
      const result = await importFromGit(db, {
        summitId: summit.id,
        actorId: organizer.id,
        repoPath: dir,
        since: expected.since,
        until: expected.until,
        now: NOW,
      });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const truth = truthByEmail(expected);
      expect(result.value).toMatchObject({
        label: basename(dir),
        since: expected.since,
        until: expected.until,
        contributors: truth.size,
        commits: peoplesCommits(expected),
      });
      // The bots and machines are skipped with their commits, and said to be.
      expect(result.value.skipped.reduce((sum, s) => sum + s.commits, 0)).toBe(
        (expected.botCommits ?? 0) + (expected.placeholderCommits ?? 0),
      );
      expect(result.value.skippedWhy).toContainEqual({ why: "from bots", count: expect.any(Number) as number });
      expect(result.value.skipped.map((s) => s.text)).toContain(
        "renovate[bot] <29139614+renovate[bot]@users.noreply.github.com>",
      );
      const stored = await listContributors(db, result.value.sourceId);
      expect(stored).toHaveLength(truth.size);
      expect(new Map(stored.map((c) => [c.email, c.commits]))).toEqual(
        new Map([...truth].map(([email, t]) => [email, t.commits])),
      );
      for (const c of stored) expect(truth.get(c.email)!.names).toContain(c.name);
      // Most commits first, as the ranking of the truth has them.
      expect(stored.map((c) => c.commits)).toEqual([...truth.values()].map((t) => t.commits).sort((a, b) => b - a));
      // Authors who also committed under an old address are counted once, under the address the mailmap names.
      const mailmap = readFileSync(join(dir, ".mailmap"), "utf8").trim().split("\n");
      const aliases = await listEmailAliases(db, summit.id);
      expect(aliases).toHaveLength(mailmap.length);
      for (const a of aliases) {
        expect(a.alias).toMatch(/@old-\d+\.example\.net$/);
        expect(truth.has(a.canonical)).toBe(true);
        expect(stored.some((c) => c.email === a.alias)).toBe(false);
      }
      const source = await db
        .selectFrom("contributor_source")
        .selectAll()
        .where("id", "=", result.value.sourceId)
        .executeTakeFirstOrThrow();
      expect(source).toMatchObject({
        kind: "git",
        label: basename(dir),
        since: expected.since,
        until: expected.until,
        imported_by: organizer.id,
        accepted_lines: peoplesCommits(expected),
        skipped_lines: (expected.botCommits ?? 0) + (expected.placeholderCommits ?? 0),
      });
      expect(source.skipped_reasons.map((r) => r.why)).toEqual(expect.arrayContaining(["from bots"]));
      const audit = await auditActions(db, summit.id);
      expect(audit.at(-1)).toMatchObject({
        action: "contributors.imported",
        actor_id: organizer.id,
        detail: { kind: "git", contributors: truth.size, commits: peoplesCommits(expected), aliases: mailmap.length },
      });
    });

    it("reads a bare repository's .mailmap from HEAD, as git does, and counts as from its work tree", async () => {
      const { db } = use();
      const { organizer, summit } = await summitWithOrganizer(db);
      const scratch = mkdtempSync(join(tmpdir(), "summit-bare-"));
      try {
        const bare = join(scratch, "history.git");
        expect(spawnSync("git", ["clone", "-q", "--bare", small.dir, bare]).status).toBe(0);
        const period = { since: small.expected.since, until: small.expected.until };
        const result = await importFromGit(db, {
          summitId: summit.id,
          actorId: organizer.id,
          repoPath: bare,
          now: NOW,
          ...period,
        });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        const mailmap = readFileSync(join(small.dir, ".mailmap"), "utf8").trim().split("\n");
        expect(result.value.aliases).toBe(mailmap.length);
        expect(await listEmailAliases(db, summit.id)).toHaveLength(mailmap.length);
        const truth = truthByEmail(small.expected);
        const stored = await listContributors(db, result.value.sourceId);
        expect(new Map(stored.map((c) => [c.email, c.commits]))).toEqual(
          new Map([...truth].map(([email, t]) => [email, t.commits])),
        );
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    });

    it("reads an author name that is not UTF-8 (Latin-1 from an old commit) as Latin-1, not as U+FFFD", async () => {
      const { db } = use();
      const { organizer, summit } = await summitWithOrganizer(db);
      const repo = mkdtempSync(join(tmpdir(), "summit-latin1-"));
      try {
        const git = (args: string[], input?: Buffer) =>
          spawnSync("git", ["-C", repo, ...args], { input, encoding: "buffer" })
            .stdout.toString("utf8")
            .trim();
        git(["init", "-q"]);
        const tree = git(["mktree"], Buffer.from(""));
        // A commit object written byte by byte, as git 1.4 wrote "Jörg" from a Latin-1 terminal.
        const person = (when: number) =>
          Buffer.concat([
            Buffer.from("J"),
            Buffer.from([0xf6]),
            Buffer.from(`rg Wei <joerg@example.org> ${when} +0000`),
          ]);
        const commit = Buffer.concat([
          Buffer.from(`tree ${tree}\nauthor `),
          person(1500000000),
          Buffer.from("\ncommitter "),
          person(1500000000),
          Buffer.from("\n\nAn old commit\n"),
        ]);
        const id = git(["hash-object", "-t", "commit", "-w", "--stdin"], commit);
        git(["update-ref", "HEAD", id]);
        const result = await importFromGit(db, {
          summitId: summit.id,
          actorId: organizer.id,
          repoPath: repo,
          since: "2017-01-01",
          until: "2017-12-31",
          now: NOW,
        });
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(await listContributors(db, result.value.sourceId)).toEqual([
          { email: "joerg@example.org", name: "Jörg Wei", commits: 1 },
        ]);
      } finally {
        rmSync(repo, { recursive: true, force: true });
      }
    });

    it("counts only the commits of the period, whole UTC days at both ends", async () => {
      const { db } = use();
      const { organizer, summit } = await summitWithOrganizer(db);
      const day = spawnSync(
        "git",
        [
          "-C",
          small.dir,
          "log",
          "--format=%H",
          "--since=2017-03-01 00:00:00 +0000",
          "--until=2017-03-31 23:59:59 +0000",
          "HEAD",
        ],
        { encoding: "utf8" },
      );
      const inMarch = day.stdout.trim().split("\n").length;
      expect(inMarch).toBeGreaterThan(50);
      const result = await importFromGit(db, {
        summitId: summit.id,
        actorId: organizer.id,
        repoPath: small.dir,
        since: "2017-03-01",
        until: "2017-03-31",
        now: NOW,
      });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      // Every commit of March is counted, or skipped as a bot's or a machine's.
      expect(result.value.commits + result.value.skipped.reduce((sum, s) => sum + s.commits, 0)).toBe(inMarch);
    });

    it.each<[string, (dir: string) => { repoPath: string; since: string; until: string }, number, RegExp]>([
      [
        "a path with no folder",
        () => ({ repoPath: "/nonexistent/summit/repo", since: "2017-01-01", until: "2017-12-31" }),
        400,
        /There is no folder at \/nonexistent\/summit\/repo/,
      ],
      [
        "a file instead of a folder",
        (d) => ({ repoPath: join(d, "file.txt"), since: "2017-01-01", until: "2017-12-31" }),
        400,
        /is not a folder/,
      ],
      [
        "a folder that is not a repository",
        (d) => ({ repoPath: join(d, "plain"), since: "2017-01-01", until: "2017-12-31" }),
        400,
        /is not a git repository/,
      ],
      [
        "a repository without commits",
        (d) => ({ repoPath: join(d, "empty"), since: "2017-01-01", until: "2017-12-31" }),
        400,
        /has no commits yet/,
      ],
      [
        "a folder inside a repository, whose history would be the whole repository's",
        (d) => ({ repoPath: join(d, "worktree", "sub"), since: "2017-01-01", until: "2017-12-31" }),
        400,
        /worktree\/sub is a folder inside the git repository at .*worktree; the import reads a whole repository's history, so give .*worktree\./,
      ],
      [
        "an impossible date",
        () => ({ repoPath: small.dir, since: "2017-02-30", until: "2017-12-31" }),
        400,
        /real date/,
      ],
      [
        "an end before the start",
        () => ({ repoPath: small.dir, since: "2017-12-31", until: "2017-01-01" }),
        400,
        /cannot be before its start/,
      ],
      [
        "a period without commits",
        () => ({ repoPath: small.dir, since: "2010-01-01", until: "2010-12-31" }),
        400,
        /has no commits from 2010-01-01 to 2010-12-31; nothing was imported/,
      ],
    ])("refuses %s with a clear message and writes nothing", async (_case, args, status, message) => {
      const { db } = use();
      const { organizer, summit } = await summitWithOrganizer(db);
      const scratch = mkdtempSync(join(tmpdir(), "summit-not-a-repo-"));
      writeFileSync(join(scratch, "file.txt"), "text\n");
      mkdirSync(join(scratch, "plain"));
      mkdirSync(join(scratch, "empty"));
      spawnSync("git", ["init", "-q", join(scratch, "empty")]);
      const worktree = join(scratch, "worktree");
      spawnSync("git", ["init", "-q", worktree]);
      mkdirSync(join(worktree, "sub"));
      spawnSync("git", [
        "-C",
        worktree,
        "-c",
        "user.name=A",
        "-c",
        "user.email=a@example.org",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "first",
      ]);
      try {
        const before = await footprint(db, summit.id);
        const result = await importFromGit(db, {
          summitId: summit.id,
          actorId: organizer.id,
          now: NOW,
          ...args(scratch),
        });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.status).toBe(status);
        expect([result.message, ...Object.values(result.fieldErrors ?? {})].join(" ")).toMatch(message);
        expect(await footprint(db, summit.id)).toEqual(before);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    });

    it("refuses a non-organizer before running git, and a published summit", async () => {
      const { db } = use();
      const { summit } = await summitWithOrganizer(db);
      const member = await makeUser(db, "Member");
      const before = await footprint(db, summit.id);
      const args = { repoPath: small.dir, since: small.expected.since, until: small.expected.until, now: NOW };
      expect(await importFromGit(db, { summitId: summit.id, actorId: member.id, ...args })).toMatchObject({
        ok: false,
        status: 403,
        message: "Only the organizers of this summit can do this.",
      });
      expect(await footprint(db, summit.id)).toEqual(before);

      const published = await summitWithOrganizer(db, "published");
      const refused = await importFromGit(db, {
        summitId: published.summit.id,
        actorId: published.organizer.id,
        ...args,
      });
      expect(refused).toMatchObject({ ok: false, status: 409 });
      expect(refused.ok || refused.message).toMatch(/published/);
      // The command line (no signed-in actor) is refused a published summit too.
      expect(await importFromGit(db, { summitId: published.summit.id, actorId: null, ...args })).toMatchObject({
        ok: false,
        status: 409,
      });
    });

    it("accepts imports until the summit is published, in any earlier phase", async () => {
      const { db } = use();
      const { organizer, summit } = await summitWithOrganizer(db, "minutes_draft");
      const result = await importFromGit(db, {
        summitId: summit.id,
        actorId: organizer.id,
        repoPath: small.dir,
        since: small.expected.since,
        until: small.expected.until,
        now: NOW,
      });
      expect(result.ok).toBe(true);
    });
  });

  describe("pasted or uploaded text", () => {
    it("reports shortlog output line by line, then applies it in one go", async () => {
      const { db } = use();
      const { organizer, summit } = await summitWithOrganizer(db);
      const preview = previewTextImport({ kind: "shortlog", text: SHORTLOG_WITH_PROBLEMS });
      expect(preview.ok).toBe(true);
      if (!preview.ok) return;
      const { report } = preview.value;
      // 17 fixture lines, one of them KWolf@ repeating kwolf@; then four more, of which one is good.
      expect(report.accepted).toHaveLength(17);
      expect(report.duplicatesMerged).toBe(1);
      expect(report.skipped.map((s) => [s.line, s.text])).toEqual([
        [18, "this line is garbage"],
        [19, "5\tNo Address At All"],
        [20, "abc\tBad Count <bad.count@example.org>"],
      ]);
      for (const s of report.skipped) expect(s.reason).not.toBe("");
      // The preview wrote nothing.
      expect(await footprint(db, summit.id)).toMatchObject({ sources: 0, contributors: 0 });

      const applied = await applyTextImport(db, {
        summitId: summit.id,
        actorId: organizer.id,
        now: NOW,
        input: {
          kind: "shortlog",
          text: SHORTLOG_WITH_PROBLEMS,
          label: "QEMU v2.10..v2.11 shortlog",
          since: "2017-01-01",
          until: "2017-10-31",
        },
      });
      expect(applied).toMatchObject({
        ok: true,
        value: { kind: "shortlog", accepted: 17, skipped: 3, duplicatesMerged: 1 },
      });
      if (!applied.ok) return;
      const stored = await listContributors(db, applied.value.sourceId!);
      expect(stored).toHaveLength(17);
      expect(stored.find((c) => c.email === "kwolf@redhat.com")).toEqual({
        email: "kwolf@redhat.com",
        name: "Kevin Wolf",
        commits: 355,
      });
      expect(stored.find((c) => c.email === "joerg.mustermann@example.org")?.name).toBe("Jörg Mustermann");
      expect(stored.find((c) => c.email === "zoe.obriain@example.org")?.name).toBe("Zoë Ó Briain");
      expect(stored[0]).toEqual({ email: "peter.maydell@linaro.org", name: "Peter Maydell", commits: 412 });
      const source = await db
        .selectFrom("contributor_source")
        .selectAll()
        .where("id", "=", applied.value.sourceId!)
        .executeTakeFirstOrThrow();
      expect(source).toMatchObject({
        kind: "shortlog",
        label: "QEMU v2.10..v2.11 shortlog",
        since: "2017-01-01",
        until: "2017-10-31",
        accepted_lines: 18,
        skipped_lines: 3,
      });
      expect((await auditActions(db, summit.id)).at(-1)).toMatchObject({
        action: "contributors.imported",
        actor_id: organizer.id,
        detail: { kind: "shortlog", contributors: 17 },
      });
    });

    it("reports a CSV with missing emails, bad counts, extra fields and duplicates, then applies it", async () => {
      const { db } = use();
      const { organizer, summit } = await summitWithOrganizer(db);
      const text = fixture("contributors.csv");
      const preview = previewTextImport({ kind: "csv", text });
      expect(preview.ok).toBe(true);
      if (!preview.ok) return;
      expect(preview.value.report.accepted.map((c) => c.email)).toEqual([
        "peter.maydell@linaro.org",
        "berrange@redhat.com",
        "joerg.mustermann@example.org",
        "lukasz.nowak@example.org",
        "marcandre.lureau@redhat.com",
        "thuth@redhat.com",
      ]);
      expect(preview.value.report.skipped.map((s) => s.line)).toEqual([8, 9, 10]);
      expect(preview.value.report.duplicatesMerged).toBe(1);

      const applied = await applyTextImport(db, {
        summitId: summit.id,
        actorId: organizer.id,
        now: NOW,
        input: { kind: "csv", text },
      });
      expect(applied.ok).toBe(true);
      if (!applied.ok) return;
      // Without a label, the kind and the day name the source.
      expect(applied.value.label).toBe("CSV of name, email, commits, 2026-11-26");
      const stored = await listContributors(db, applied.value.sourceId!);
      expect(stored.find((c) => c.email === "marcandre.lureau@redhat.com")).toEqual({
        email: "marcandre.lureau@redhat.com",
        name: 'Marc-André "elmarco" Lureau',
        commits: 300,
      });
      expect(stored.find((c) => c.email === "berrange@redhat.com")?.name).toBe("Berrangé, Daniel P.");
      expect(stored.find((c) => c.email === "lukasz.nowak@example.org")?.name).toBe("Łukasz Nowak");
    });

    it("imports the M: people of a MAINTAINERS file as roles naming the section, replacing the previous import", async () => {
      const { db } = use();
      const { organizer, summit } = await summitWithOrganizer(db);
      const text = fixture("MAINTAINERS.excerpt");
      const preview = previewTextImport({ kind: "maintainers", text });
      expect(preview).toMatchObject({ ok: true, value: { kind: "maintainers" } });
      if (!preview.ok) return;
      expect(preview.value.report.accepted).toHaveLength(11);
      expect(preview.value.report.skipped.map((s) => s.line)).toEqual([35, 54, 95, 102]);
      expect(preview.value.report.duplicatesMerged).toBe(1);

      const manual = await addResponsibility(db, {
        summitId: summit.id,
        actorId: organizer.id,
        now: NOW,
        input: { role: "stable maintainer", email: "mdroth@linux.vnet.ibm.com", name: "Michael Roth" },
      });
      expect(manual.ok).toBe(true);

      const first = await applyTextImport(db, {
        summitId: summit.id,
        actorId: organizer.id,
        now: NOW,
        input: { kind: "maintainers", text, label: "MAINTAINERS" },
      });
      expect(first).toMatchObject({ ok: true, value: { accepted: 11, replaced: 0, sourceId: null } });
      const imported = await listResponsibilities(db, { summitId: summit.id, origin: "maintainers" });
      expect(imported).toHaveLength(11);
      expect(imported.map((r) => r.role)).toContain("maintainer: Block layer core");
      expect(imported.find((r) => r.email === "lukasz.nowak@example.org")).toMatchObject({
        role: "maintainer: Network device backends",
        name: "Łukasz Nowak",
      });

      // A smaller file replaces the whole previous import; the role entered by hand stays.
      const smaller = text.replace(
        /Block layer core\nM: Kevin Wolf <kwolf@redhat.com>\nM: Hanna Reitz <hreitz@redhat.com>\n/,
        "Block layer core\n",
      );
      const second = await applyTextImport(db, {
        summitId: summit.id,
        actorId: organizer.id,
        now: NOW,
        input: { kind: "maintainers", text: smaller },
      });
      expect(second).toMatchObject({ ok: true, value: { accepted: 9, replaced: 11 } });
      const after = await listResponsibilities(db, { summitId: summit.id });
      expect(after.filter((r) => r.origin === "maintainers")).toHaveLength(9);
      expect(after.map((r) => r.email)).not.toContain("hreitz@redhat.com");
      expect(after.filter((r) => r.origin === "manual").map((r) => [r.role, r.email])).toEqual([
        ["stable maintainer", "mdroth@linux.vnet.ibm.com"],
      ]);
      expect((await auditActions(db, summit.id)).at(-1)).toMatchObject({
        action: "responsibility.maintainers_imported",
        detail: { entries: 9, replaced: 11 },
      });
    });

    it.each<[string, "shortlog" | "csv" | "maintainers", string, RegExp]>([
      ["a CSV offered as shortlog output", "shortlog", "contributors.csv", /not `git shortlog -sne` output/],
      ["shortlog output offered as a CSV", "csv", "shortlog.txt", /not a CSV of contributors/],
      ["shortlog output offered as a MAINTAINERS file", "maintainers", "shortlog.txt", /MAINTAINERS/],
      [
        "a MAINTAINERS file offered as shortlog output",
        "shortlog",
        "MAINTAINERS.excerpt",
        /not `git shortlog -sne` output/,
      ],
    ])("refuses %s with a clear message, in the preview and when applied", async (_case, kind, file, message) => {
      const { db } = use();
      const { organizer, summit } = await summitWithOrganizer(db);
      const text = fixture(file);
      const preview = previewTextImport({ kind, text });
      expect(preview).toMatchObject({ ok: false, status: 422 });
      expect(preview.ok || preview.message).toMatch(message);
      expect(preview.ok || preview.fieldErrors?.text).toMatch(message);
      const before = await footprint(db, summit.id);
      const applied = await applyTextImport(db, {
        summitId: summit.id,
        actorId: organizer.id,
        now: NOW,
        input: { kind, text },
      });
      expect(applied).toMatchObject({ ok: false, status: 422 });
      expect(await footprint(db, summit.id)).toEqual(before);
    });

    it.each<[string, Record<string, unknown>, string, RegExp]>([
      ["an unknown kind", { kind: "json", text: "x" }, "kind", /Choose what the text is/],
      ["empty text", { kind: "csv", text: "  \n" }, "text", /nothing to import/],
      ["text over 5 MB", { kind: "csv", text: "a,b@c.org,1\n".repeat(450_000) }, "text", /larger than 5 MB/],
      ["a label of two lines", { kind: "csv", text: "a,b@example.org,1", label: "a\nb" }, "label", /one line/],
      [
        "a label with a NUL",
        { kind: "csv", text: "a,b@example.org,1", label: "qemu\u0000.git" },
        "label",
        /without control characters/,
      ],
      ["an impossible date", { kind: "csv", text: "a,b@example.org,1", since: "2017-13-01" }, "since", /real date/],
      [
        "an end before the start",
        { kind: "csv", text: "a,b@example.org,1", since: "2017-02-01", until: "2017-01-01" },
        "until",
        /cannot be before/,
      ],
      [
        "a field the form does not have",
        { kind: "csv", text: "a,b@example.org,1", summitId: "x" },
        "form",
        /does not take “summitId”/,
      ],
    ])("refuses %s beside the field, writing nothing", async (_case, input, field, message) => {
      const { db } = use();
      const { organizer, summit } = await summitWithOrganizer(db);
      const before = await footprint(db, summit.id);
      const result = await applyTextImport(db, {
        summitId: summit.id,
        actorId: organizer.id,
        now: NOW,
        input,
      });
      expect(result).toMatchObject({ ok: false, status: 400 });
      expect(result.ok || result.fieldErrors?.[field]).toMatch(message);
      expect(await footprint(db, summit.id)).toEqual(before);
    });

    it("refuses text where no line is accepted, pointing to the report", async () => {
      const { db } = use();
      const { organizer, summit } = await summitWithOrganizer(db);
      const text = "    5\tNobody <>\n   abc\tBad <bad@example.org>\n";
      const preview = previewTextImport({ kind: "shortlog", text });
      expect(preview).toMatchObject({ ok: true, value: { report: { accepted: [] } } });
      const applied = await applyTextImport(db, {
        summitId: summit.id,
        actorId: organizer.id,
        now: NOW,
        input: { kind: "shortlog", text },
      });
      expect(applied).toMatchObject({ ok: false, status: 422 });
      expect(applied.ok || applied.message).toMatch(/no line of this text was accepted/);
    });

    describe("all or nothing", () => {
      afterEach(async () => {
        const { db } = use();
        await sql`drop trigger if exists fail_import on contributor`.execute(db);
        await sql`drop trigger if exists fail_import on responsibility`.execute(db);
        await sql`drop function if exists fail_import()`.execute(db);
      });

      async function failOn(db: Kysely<Database>, table: "contributor" | "responsibility", email: string) {
        await sql
          .raw(
            `create function fail_import() returns trigger language plpgsql as $$
             begin
               if new.email = '${email}' then raise exception 'injected failure on %', new.email; end if;
               return new;
             end $$`,
          )
          .execute(db);
        await sql
          .raw(`create trigger fail_import before insert on ${table} for each row execute function fail_import()`)
          .execute(db);
      }

      it("leaves nothing behind when a row of the second chunk fails", async () => {
        const { db } = use();
        const { organizer, summit } = await summitWithOrganizer(db);
        // 1,500 people: the first 1,000 are written in one statement before the failing one comes.
        const rows = Array.from({ length: 1500 }, (_, i) => `Person ${i},person.${i}@example.org,${1500 - i}`);
        await failOn(db, "contributor", "person.1200@example.org");
        const before = await footprint(db, summit.id);
        await expect(
          applyTextImport(db, {
            summitId: summit.id,
            actorId: organizer.id,
            now: NOW,
            input: { kind: "csv", text: rows.join("\n") },
          }),
        ).rejects.toThrow(/injected failure/);
        expect(await footprint(db, summit.id)).toEqual(before);
      });

      it("keeps the previous MAINTAINERS import whole when the replacement fails part-way", async () => {
        const { db } = use();
        const { organizer, summit } = await summitWithOrganizer(db);
        const text = fixture("MAINTAINERS.excerpt");
        const args = { summitId: summit.id, actorId: organizer.id, now: NOW, input: { kind: "maintainers", text } };
        expect((await applyTextImport(db, args)).ok).toBe(true);
        const kept = await listResponsibilities(db, { summitId: summit.id });
        const before = await footprint(db, summit.id);
        await failOn(db, "responsibility", "pbonzini@redhat.com");
        await expect(applyTextImport(db, args)).rejects.toThrow(/injected failure/);
        expect(await footprint(db, summit.id)).toEqual(before);
        expect(await listResponsibilities(db, { summitId: summit.id })).toEqual(kept);
      });

      it("writes nothing when the audit entry, the last write, fails", async () => {
        const t = use();
        const { organizer, summit } = await summitWithOrganizer(t.db);
        const before = await footprint(t.db, summit.id);
        await expect(
          applyTextImport(failingDatabase(t.db, ["audit_log"]), {
            summitId: summit.id,
            actorId: organizer.id,
            now: NOW,
            input: { kind: "shortlog", text: fixture("shortlog.txt") },
          }),
        ).rejects.toThrow(/audit_log/);
        expect(await footprint(t.db, summit.id)).toEqual(before);
      });
    });

    it("refuses a non-organizer and a published summit, writing nothing", async () => {
      const { db } = use();
      const { summit } = await summitWithOrganizer(db);
      const member = await makeUser(db, "Member");
      const text = fixture("shortlog.txt");
      const before = await footprint(db, summit.id);
      expect(
        await applyTextImport(db, {
          summitId: summit.id,
          actorId: member.id,
          now: NOW,
          input: { kind: "shortlog", text },
        }),
      ).toMatchObject({ ok: false, status: 403 });
      expect(await footprint(db, summit.id)).toEqual(before);
      const published = await summitWithOrganizer(db, "published");
      const refused = await applyTextImport(db, {
        summitId: published.summit.id,
        actorId: published.organizer.id,
        now: NOW,
        input: { kind: "maintainers", text: fixture("MAINTAINERS.excerpt") },
      });
      expect(refused).toMatchObject({ ok: false, status: 409 });
      expect(await footprint(db, published.summit.id)).toMatchObject({ responsibilities: 0 });
    });
  });

  describe("sources and named roles", () => {
    it("removes a source with its counts, audited; a second removal is a 404", async () => {
      const { db } = use();
      const { organizer, summit } = await summitWithOrganizer(db);
      const applied = await applyTextImport(db, {
        summitId: summit.id,
        actorId: organizer.id,
        now: NOW,
        input: { kind: "shortlog", text: fixture("shortlog.txt") },
      });
      if (!applied.ok) throw new Error(applied.message);
      const id = applied.value.sourceId!;
      const member = await makeUser(db, "Member");
      expect(
        await removeContributorSource(db, { summitId: summit.id, actorId: member.id, input: { id } }),
      ).toMatchObject({ ok: false, status: 403 });
      expect(
        await removeContributorSource(db, { summitId: summit.id, actorId: organizer.id, input: { id } }),
      ).toMatchObject({ ok: true });
      expect(await listContributors(db, id)).toEqual([]);
      expect(await footprint(db, summit.id)).toMatchObject({ sources: 0, contributors: 0 });
      expect((await auditActions(db, summit.id)).at(-1)).toMatchObject({ action: "contributors.source_removed" });
      expect(
        await removeContributorSource(db, { summitId: summit.id, actorId: organizer.id, input: { id } }),
      ).toMatchObject({ ok: false, status: 404 });
      expect(
        await removeContributorSource(db, { summitId: summit.id, actorId: organizer.id, input: { id: "not-a-uuid" } }),
      ).toMatchObject({ ok: false, status: 400 });
    });

    it("does not remove another summit's source", async () => {
      const { db } = use();
      const mine = await summitWithOrganizer(db);
      const theirs = await summitWithOrganizer(db);
      const applied = await applyTextImport(db, {
        summitId: theirs.summit.id,
        actorId: theirs.organizer.id,
        now: NOW,
        input: { kind: "shortlog", text: fixture("shortlog.txt") },
      });
      if (!applied.ok) throw new Error(applied.message);
      expect(
        await removeContributorSource(db, {
          summitId: mine.summit.id,
          actorId: mine.organizer.id,
          input: { id: applied.value.sourceId },
        }),
      ).toMatchObject({ ok: false, status: 404 });
      expect(await footprint(db, theirs.summit.id)).toMatchObject({ sources: 1 });
    });

    it("adds and removes named role holders by hand, audited, with clear refusals", async () => {
      const { db } = use();
      const { organizer, summit } = await summitWithOrganizer(db);
      const add = (input: Record<string, unknown>, actorId = organizer.id) =>
        addResponsibility(db, { summitId: summit.id, actorId, now: NOW, input });
      const added = await add({ role: " stable maintainer ", email: " MDRoth@Linux.vnet.IBM.com ", name: "" });
      expect(added).toMatchObject({
        ok: true,
        value: { role: "stable maintainer", email: "mdroth@linux.vnet.ibm.com" },
      });
      if (!added.ok) return;
      // Without a name, one is made from the address.
      expect(added.value.name).not.toBe("");
      expect(
        await add({ role: "qemu.org system administrator", email: "stefanha@redhat.com", name: "Stefan Hajnoczi" }),
      ).toMatchObject({ ok: true });
      const again = await add({ role: "stable maintainer", email: "mdroth@linux.vnet.ibm.com" });
      expect(again).toMatchObject({ ok: false, status: 409 });
      expect(again.ok || again.fieldErrors?.email).toMatch(/already holds the role “stable maintainer”/);
      for (const [input, field, message] of [
        [{ role: "", email: "a@example.org" }, "role", /Name the role/],
        [{ role: "x".repeat(201), email: "a@example.org" }, "role", /at most 200/],
        [{ role: "stable\u0000maintainer", email: "a@example.org" }, "role", /without control characters/],
        [{ role: "r", email: "a@b.org\r\nBcc: x@y.org" }, "email", /plain email/],
        [{ role: "r", email: "Someone <a@example.org>" }, "email", /plain email/],
        [{ role: "r", email: "a@example.org", origin: "maintainers" }, "form", /does not take “origin”/],
      ] as const) {
        const refused = await add(input);
        expect(refused).toMatchObject({ ok: false, status: 400 });
        expect(refused.ok || refused.fieldErrors?.[field]).toMatch(message);
      }
      const member = await makeUser(db, "Member");
      expect(await add({ role: "r", email: "a@example.org" }, member.id)).toMatchObject({ ok: false, status: 403 });

      const roles = await listResponsibilities(db, { summitId: summit.id });
      expect(roles.map((r) => [r.role, r.email, r.origin])).toEqual([
        ["qemu.org system administrator", "stefanha@redhat.com", "manual"],
        ["stable maintainer", "mdroth@linux.vnet.ibm.com", "manual"],
      ]);
      const id = added.value.id;
      expect(await removeResponsibility(db, { summitId: summit.id, actorId: member.id, input: { id } })).toMatchObject({
        ok: false,
        status: 403,
      });
      expect(
        await removeResponsibility(db, { summitId: summit.id, actorId: organizer.id, input: { id } }),
      ).toMatchObject({ ok: true });
      expect(
        await removeResponsibility(db, { summitId: summit.id, actorId: organizer.id, input: { id } }),
      ).toMatchObject({ ok: false, status: 404 });
      expect((await auditActions(db, summit.id)).slice(-1)[0]).toMatchObject({
        action: "responsibility.removed",
        detail: { role: "stable maintainer", email: "mdroth@linux.vnet.ibm.com" },
      });
      expect((await auditActions(db, summit.id)).filter((a) => a.action === "responsibility.added")).toHaveLength(2);

      await db.updateTable("summit").set({ phase: "published" }).where("id", "=", summit.id).execute();
      expect(await add({ role: "r", email: "a@example.org" })).toMatchObject({ ok: false, status: 409 });
    });
  });

  describe("the sources page", () => {
    function ctx(t: TestDatabase, user: SessionUser | null) {
      return makeContext(t.db, t.kind, user);
    }

    it("is for organizers only: visitors sign in, others get 403, an unknown summit 404", async () => {
      const t = use();
      const { slug } = await summitWithOrganizer(t.db);
      const member = await makeUser(t.db, "Member");
      const path = `/summits/${slug}/sources`;
      const anonymous = await callRoute(sourcesRoute, "loader", {
        request: getRequest(path),
        params: { slug },
        context: ctx(t, null),
      });
      expect(anonymous.status).toBe(302);
      expect(anonymous.location).toMatch(/^\/login\?next=/);
      const other = await callRoute(sourcesRoute, "loader", {
        request: getRequest(path),
        params: { slug },
        context: ctx(t, member),
      });
      expect(other.status).toBe(403);
      const post = await callRoute(sourcesRoute, "action", {
        request: postRequest(path, [
          ["intent", "add-responsibility"],
          ["role", "r"],
          ["email", "a@example.org"],
        ]),
        params: { slug },
        context: ctx(t, member),
      });
      expect(post.status).toBe(403);
      const missing = await callRoute(sourcesRoute, "loader", {
        request: getRequest("/summits/nope/sources"),
        params: { slug: "nope" },
        context: ctx(t, member),
      });
      expect(missing.status).toBe(404);
    });

    it("refuses an uploaded file that is not UTF-8, naming its first such line, and writes nothing", async () => {
      const t = use();
      const { organizer, summit, slug } = await summitWithOrganizer(t.db);
      const path = `/summits/${slug}/sources`;
      // A shortlog saved as Latin-1: "Jörg" with ö as the single byte 0xF6, on line 2.
      const latin1 = Uint8Array.from([
        ...Buffer.from("    12\tPeter Maydell <peter.maydell@linaro.org>\n     3\tJ"),
        0xf6,
        ...Buffer.from("rg Wei <joerg@example.org>\n"),
      ]);
      const before = await footprint(t.db, summit.id);
      const result = await callRoute(sourcesRoute, "action", {
        request: postRequest(path, [
          ["intent", "preview-import"],
          ["kind", "shortlog"],
          ["text", ""],
          ["file", new File([latin1], "latin1.shortlog", { type: "text/plain" })],
          ["label", ""],
          ["since", "2017-01-01"],
          ["until", "2017-10-31"],
        ]),
        params: { slug },
        context: ctx(t, organizer),
      });
      expect(result.status).toBe(400);
      expect(result.body).toContain("latin1.shortlog is not UTF-8 text (line 2 holds other bytes");
      expect(result.body).not.toContain("\uFFFD");
      expect(await footprint(t.db, summit.id)).toEqual(before);
    });

    it("previews an uploaded file line by line, then applies the text posted back by Confirm", async () => {
      const t = use();
      const { organizer, summit, slug } = await summitWithOrganizer(t.db);
      const path = `/summits/${slug}/sources`;
      const context = ctx(t, organizer);
      const file = new File([SHORTLOG_WITH_PROBLEMS], "qemu-2.11.shortlog", { type: "text/plain" });
      const preview = await callRoute(sourcesRoute, "action", {
        request: postRequest(path, [
          ["intent", "preview-import"],
          ["kind", "shortlog"],
          ["text", ""],
          ["file", file],
          ["label", ""],
          ["since", "2017-01-01"],
          ["until", "2017-10-31"],
        ]),
        params: { slug },
        context,
      });
      expect(preview.status).toBe(200);
      const data = JSON.parse(preview.body) as {
        preview: { accepted: number; skippedTotal: number; duplicatesMerged: number; skipped: Array<{ line: number }> };
        values: Record<string, string>;
      };
      expect(data.preview).toMatchObject({ accepted: 17, skippedTotal: 3, duplicatesMerged: 1 });
      expect(data.preview.skipped.map((s) => s.line)).toEqual([18, 19, 20]);
      expect(data.values).toMatchObject({
        kind: "shortlog",
        label: "qemu-2.11.shortlog",
        text: SHORTLOG_WITH_PROBLEMS,
      });
      expect(await footprint(t.db, summit.id)).toMatchObject({ sources: 0 });

      const confirm = new FormData();
      for (const [k, v] of Object.entries({ intent: "apply-import", ...data.values })) confirm.append(k, v);
      const applied = await callRoute(sourcesRoute, "action", {
        request: new Request(`http://localhost:3000${path}`, { method: "POST", body: confirm }),
        params: { slug },
        context,
      });
      expect(applied.status).toBe(302);
      expect(applied.location).toBe(`${path}?notice=contributors-imported`);
      const page = await callRoute(sourcesRoute, "loader", {
        request: getRequest(`${path}?notice=contributors-imported`),
        params: { slug },
        context,
      });
      const view = JSON.parse(page.body) as {
        notice: string;
        gitCommand: string;
        sources: Array<Record<string, unknown>>;
      };
      expect(view.notice).toMatch(/imported/);
      expect(view.gitCommand).toBe(
        `npm run summit -- sources import --summit ${slug} --kind git PATH --since YYYY-MM-DD --until YYYY-MM-DD`,
      );
      expect(view.sources).toEqual([
        expect.objectContaining({
          kind: "shortlog",
          label: "qemu-2.11.shortlog",
          period: "2017-01-01..2017-10-31",
          contributors: 17,
          commits: expect.any(Number),
          skipped: "3 lines",
        }),
      ]);
    });

    it("answers bad input with a message and status, never a 500, and writes nothing", async () => {
      const t = use();
      const { organizer, summit, slug } = await summitWithOrganizer(t.db);
      const path = `/summits/${slug}/sources`;
      const context = ctx(t, organizer);
      const before = await footprint(t.db, summit.id);
      const cases: Array<[Array<[string, string | Blob]>, number]> = [
        [
          [
            ["intent", "preview-import"],
            ["kind", "shortlog"],
            ["text", "    1\tA <a@example.org>"],
            ["file", new File(["x"], "x.txt")],
          ],
          400,
        ],
        [
          [
            ["intent", "preview-import"],
            ["kind", "csv"],
            ["text", fixture("shortlog.txt")],
          ],
          422,
        ],
        [
          [
            ["intent", "apply-import"],
            ["kind", "maintainers"],
            ["text", fixture("shortlog.txt")],
          ],
          422,
        ],
        [
          [
            ["intent", "add-responsibility"],
            ["role", "r"],
            ["email", "not an address"],
          ],
          400,
        ],
        [
          [
            ["intent", "add-responsibility"],
            ["role", "r"],
            ["email", "a@example.org"],
            ["email", "b@example.org"],
          ],
          400,
        ],
        [
          [
            ["intent", "remove-source"],
            ["id", "00000000-0000-4000-8000-000000000000"],
          ],
          404,
        ],
        [
          [
            ["intent", "remove-responsibility"],
            ["id", "'; drop table responsibility; --"],
          ],
          400,
        ],
        [
          [
            ["intent", "add-responsibility"],
            ["role", "r"],
            ["email", "a@example.org"],
            ["file", new File(["x"], "x.txt")],
          ],
          400,
        ],
        [[["intent", "become-admin"]], 400],
        // The summit comes from the address and the session, never from the form.
        [
          [
            ["intent", "apply-import"],
            ["kind", "csv"],
            ["text", "A,a@example.org,1"],
            ["summitId", summit.id],
          ],
          400,
        ],
      ];
      for (const [entries, status] of cases) {
        const result = await callRoute(sourcesRoute, "action", {
          request: postRequest(path, entries),
          params: { slug },
          context,
        });
        expect([entries.map(([k]) => k).join(","), result.status]).toEqual([entries.map(([k]) => k).join(","), status]);
      }
      expect(await footprint(t.db, summit.id)).toEqual(before);
    });
  });
});

// The full-size history: 100,000 commits by 2,000 authors. Building it takes about
// ten seconds the first time; later runs (and the bench) reuse the cache.
describeEachDatabase("contributor import of the 100,000-commit history", (use) => {
  let big: { dir: string; expected: HistoryTruth };
  beforeAll(() => {
    big = historyRepository(100_000, 2_000);
  }, 600_000);

  it("gives exactly the generated history's counts per address", async () => {
    const { db } = use();
    const { organizer, summit } = await summitWithOrganizer(db);
    const result = await importFromGit(db, {
      summitId: summit.id,
      actorId: organizer.id,
      repoPath: big.dir,
      since: big.expected.since,
      until: big.expected.until,
      now: NOW,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const truth = truthByEmail(big.expected);
    expect(result.value).toMatchObject({ commits: peoplesCommits(big.expected), contributors: truth.size });
    expect(peoplesCommits(big.expected) + result.value.skipped.reduce((sum, s) => sum + s.commits, 0)).toBe(100_000);
    const stored = await listContributors(db, result.value.sourceId);
    expect(new Map(stored.map((c) => [c.email, c.commits]))).toEqual(
      new Map([...truth].map(([email, t]) => [email, t.commits])),
    );
    for (const c of stored) expect(truth.get(c.email)!.names).toContain(c.name);
  }, 60_000);
});
