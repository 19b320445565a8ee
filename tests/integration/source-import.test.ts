import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mergeEmailAliases } from "../../db/queries/email-alias";
import { listResponsibilities } from "../../db/queries/responsibility";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../../app/auth/session.server";
import { importSource, parseSourcesArgs, type SourcesArgs } from "../../app/cli/commands/sources";
import { applyTextImport } from "../../app/services/eligibility/commands/imports.server";
import * as sourcesRoute from "../../app/routes/summits.$slug.sources";
import { callRoute, makeContext, postRequest } from "../helpers/route-harness";
import { describeEachDatabase, type TestDatabase } from "../helpers/test-db";
import { historyRepository, type HistoryTruth } from "../helpers/history-repository";
import { summitWithOrganizer } from "../helpers/factories/eligibility";

const REPO_ROOT = resolve(__dirname, "../..");
const NOW = new Date("2026-11-26T10:00:00Z");

/** A MAINTAINERS file of `sections` sections, each with one maintainer, ending with a line break. */
function maintainersFile(sections: number): string {
  const blocks = [];
  for (let i = 1; i <= sections; i++) {
    blocks.push(
      [`Subsystem ${i}`, `M: Maintainer ${i} <maint${i}@example.org>`, "S: Maintained", `F: dir${i}/`].join("\n"),
    );
  }
  return `${blocks.join("\n\n")}\n`;
}

/** The same file cut off in transfer: the first `sections` sections whole, then half a line. */
function cutShort(sections: number): string {
  return `${maintainersFile(sections)}\nSubsystem ${sections + 1}\nM: Maintainer ${sections + 1} <maint`;
}

const SHORTLOG = [
  "   412\tPeter Maydell <peter.maydell@linaro.org>",
  "   176\tDaniel P. Berrangé <berrange@redhat.com>",
  "    40\trenovate[bot] <29139614+renovate[bot]@users.noreply.github.com>",
  "this line is garbage",
  "",
].join("\n");

async function rolesOf(db: Kysely<Database>, summitId: string) {
  return (await listResponsibilities(db, { summitId, origin: "maintainers" })).map((r) => `${r.role} ${r.email}`);
}

async function contributorSources(db: Kysely<Database>, summitId: string) {
  return db.selectFrom("contributor_source").select(["kind", "label"]).where("summit_id", "=", summitId).execute();
}

let scratch: string;
let small: { dir: string; expected: HistoryTruth };
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "summit-sources-"));
  small = historyRepository(3000, 200);
}, 120_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A file in the scratch folder, written anew. */
function file(name: string, contents: string | Uint8Array): string {
  const path = join(scratch, name);
  writeFileSync(path, contents);
  return path;
}

describeEachDatabase("a MAINTAINERS replacement that drops much of the current import", (use) => {
  async function withFullImport(db: Kysely<Database>) {
    const s = await summitWithOrganizer(db);
    const first = await applyTextImport(db, {
      summitId: s.summit.id,
      actorId: s.organizer.id,
      now: NOW,
      input: { kind: "maintainers", text: maintainersFile(50) },
    });
    expect(first).toMatchObject({ ok: true, value: { accepted: 50 } });
    return s;
  }

  it("is refused without a confirmation covering every dropped entry, and changes nothing", async () => {
    const { db } = use();
    const { summit, organizer } = await withFullImport(db);
    const before = await rolesOf(db, summit.id);
    const apply = (confirmDropped?: string) =>
      applyTextImport(db, {
        summitId: summit.id,
        actorId: organizer.id,
        now: NOW,
        input: { kind: "maintainers", text: cutShort(20), ...(confirmDropped ? { confirmDropped } : {}) },
      });
    const unconfirmed = await apply();
    expect(unconfirmed).toMatchObject({ ok: false, status: 409 });
    if (unconfirmed.ok) return;
    expect(unconfirmed.message).toContain("would remove 30 of the 50 entries");
    expect(await rolesOf(db, summit.id)).toEqual(before);
    // A confirmation for fewer than are dropped (the file changed since the preview) does not cover it.
    expect(await apply("29")).toMatchObject({ ok: false, status: 409 });
    expect(await rolesOf(db, summit.id)).toEqual(before);
    expect(await apply("not a number")).toMatchObject({ ok: false, status: 400 });
    expect(await apply("30")).toMatchObject({ ok: true, value: { accepted: 20, replaced: 50 } });
    expect(await rolesOf(db, summit.id)).toHaveLength(20);
  });

  it("applies a small drop (under a fifth) without asking", async () => {
    const { db } = use();
    const { summit, organizer } = await withFullImport(db);
    const result = await applyTextImport(db, {
      summitId: summit.id,
      actorId: organizer.id,
      now: NOW,
      input: { kind: "maintainers", text: maintainersFile(41) },
    });
    expect(result).toMatchObject({ ok: true, value: { accepted: 41 } });
  });

  describe("on the sources page", () => {
    const ctx = (t: TestDatabase, user: SessionUser) => makeContext(t.db, t.kind, user);

    it("previews an upload cut short: says so, lists who would be removed, and asks for the tick", async () => {
      const t = use();
      const { organizer, summit, slug } = await withFullImport(t.db);
      const path = `/summits/${slug}/sources`;
      const preview = await callRoute(sourcesRoute, "action", {
        request: postRequest(path, [
          ["intent", "preview-import"],
          ["kind", "maintainers"],
          ["text", ""],
          ["file", new File([cutShort(20)], "MAINTAINERS", { type: "text/plain" })],
        ]),
        params: { slug },
        context: ctx(t, organizer),
      });
      expect(preview.status).toBe(200);
      const data = JSON.parse(preview.body) as {
        preview: {
          accepted: number;
          cutShort: { line: number; text: string } | null;
          replacement: { current: number; droppedTotal: number; dropped: Array<{ email: string; role: string }> };
        };
        values: Record<string, string>;
      };
      expect(data.preview.accepted).toBe(20);
      expect(data.preview.cutShort).toMatchObject({ line: 102, text: "M: Maintainer 21 <maint" });
      expect(data.preview.replacement).toMatchObject({ current: 50, droppedTotal: 30, needsConfirmation: true });
      expect(data.preview.replacement.dropped.map((d) => d.email)).toContain("maint21@example.org");
      expect(data.preview.replacement.dropped.map((d) => d.email)).not.toContain("maint20@example.org");
      expect(await rolesOf(t.db, summit.id)).toHaveLength(50);

      // Confirm without the tick: refused, nothing changes. With it: replaced.
      const confirm = (extra: Array<[string, string]>) =>
        callRoute(sourcesRoute, "action", {
          request: postRequest(path, [["intent", "apply-import"], ...Object.entries(data.values), ...extra]),
          params: { slug },
          context: ctx(t, organizer),
        });
      const refused = await confirm([]);
      expect(refused.status).toBe(409);
      expect(refused.body).toContain("would remove 30 of the 50 entries");
      expect(await rolesOf(t.db, summit.id)).toHaveLength(50);
      const applied = await confirm([["confirmDropped", "30"]]);
      expect(applied.status).toBe(302);
      expect(await rolesOf(t.db, summit.id)).toHaveLength(20);
    });

    it("does not call pasted text cut short for lacking a final line break", async () => {
      const t = use();
      const { organizer, slug } = await withFullImport(t.db);
      const preview = await callRoute(sourcesRoute, "action", {
        request: postRequest(`/summits/${slug}/sources`, [
          ["intent", "preview-import"],
          ["kind", "maintainers"],
          ["text", maintainersFile(50).trimEnd()],
        ]),
        params: { slug },
        context: ctx(t, organizer),
      });
      expect(preview.status).toBe(200);
      const data = JSON.parse(preview.body) as { preview: { cutShort: unknown; replacement: unknown } };
      expect(data.preview.cutShort).toBeNull();
      expect(data.preview.replacement).toMatchObject({ current: 50, droppedTotal: 0, needsConfirmation: false });
    });
  });
});

describe("sources import: reading the command line", () => {
  const cwd = "/home/pmm/src/summit";
  const parse = (args: string[]) => parseSourcesArgs(args, cwd);

  it("takes flags in any order and a relative PATH from where the command was typed", () => {
    expect(parse(["import", "../MAINTAINERS", "--kind", "maintainers", "--summit", "qemu-2017", "--json"])).toEqual({
      ok: true,
      args: {
        summit: "qemu-2017",
        kind: "maintainers",
        path: "/home/pmm/src/MAINTAINERS",
        json: true,
        apply: false,
        confirmRemoval: false,
      },
    });
  });

  it.each<[string, string[], RegExp]>([
    [
      "no subcommand",
      [],
      /^Usage: npm run summit -- sources import --summit SLUG --kind git\|shortlog\|csv\|maintainers PATH/,
    ],
    ["no kind", ["import", "--summit", "s", "f"], /--kind is missing or unknown/],
    ["an unknown kind", ["import", "--summit", "s", "--kind", "svn", "f"], /--kind is missing or unknown/],
    ["no path", ["import", "--summit", "s", "--kind", "csv"], /PATH is missing/],
    ["two paths", ["import", "--summit", "s", "--kind", "csv", "a", "b"], /Give one PATH/],
    ["git without its period", ["import", "--summit", "s", "--kind", "git", "r"], /give --since and --until/],
    ["an unknown flag", ["import", "--summit", "s", "--kind", "csv", "f", "--force"], /Unknown argument '--force'/],
    ["a flag given twice", ["import", "--summit", "s", "--summit", "t"], /--summit is given twice/],
    ["a switch given twice", ["import", "--apply", "--apply"], /--apply is given twice/],
    ["a flag without its value", ["import", "--kind", "csv", "f", "--summit"], /--summit needs a value/],
    ["a bad slug", ["import", "--summit", "QEMU 2017", "--kind", "csv", "f"], /is not a summit's short name/],
    [
      "an impossible date",
      ["import", "--summit", "s", "--kind", "git", "r", "--since", "2017-02-29", "--until", "2017-12-31"],
      /--since: '2017-02-29' is not a real date/,
    ],
    [
      "an end before the start",
      ["import", "--summit", "s", "--kind", "git", "r", "--since", "2017-12-31", "--until", "2017-01-01"],
      /--until cannot be before --since/,
    ],
    [
      "a removal confirmed without --apply",
      ["import", "--summit", "s", "--kind", "csv", "f", "--confirm-removal"],
      /goes with --apply/,
    ],
  ])("refuses %s with a clear message", (_case, args, message) => {
    const parsed = parse(args);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});

describeEachDatabase("sources import on the command line", (use) => {
  /** Runs the command on the test database, as `run` would after reading the arguments. */
  async function command(
    db: Kysely<Database>,
    args: Partial<SourcesArgs> & Pick<SourcesArgs, "summit" | "kind" | "path">,
  ) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await importSource(
      db,
      { json: false, apply: false, confirmRemoval: false, ...args },
      { out: (t) => void out.push(t), err: (t) => void err.push(t) },
    );
    return { code, out: out.join(""), err: err.join("") };
  }

  it("previews shortlog output as JSON: people with commits and known aliases, skipped lines with why, nothing written", async () => {
    const { db } = use();
    const { summit, slug } = await summitWithOrganizer(db);
    await mergeEmailAliases(db, {
      summitId: summit.id,
      aliases: [{ alias: "pmaydell@chiark.greenend.org.uk", canonical: "peter.maydell@linaro.org" }],
    });
    const path = file("qemu.shortlog", SHORTLOG);
    const result = await command(db, { summit: slug, kind: "shortlog", path, json: true });
    expect(result).toMatchObject({ code: 0, err: "" });
    const json = JSON.parse(result.out) as Record<string, unknown>;
    expect(json).toEqual({
      kind: "shortlog",
      label: "qemu.shortlog",
      people: [
        {
          email: "peter.maydell@linaro.org",
          name: "Peter Maydell",
          commits: 412,
          aliases: ["pmaydell@chiark.greenend.org.uk"],
        },
        { email: "berrange@redhat.com", name: "Daniel P. Berrangé", commits: 176, aliases: [] },
      ],
      skipped: [
        {
          line: 3,
          text: "40\trenovate[bot] <29139614+renovate[bot]@users.noreply.github.com>",
          reason: '"29139614+renovate[bot]@users.noreply.github.com" is a bot\'s address',
          commits: 40,
        },
        {
          line: 4,
          text: "this line is garbage",
          reason: "not a shortlog line (expected a commit count, a tab, then Name <email>)",
        },
      ],
      removed: [],
      cutShort: null,
    });
    expect(await contributorSources(db, summit.id)).toEqual([]);
  });

  it("applies a CSV with --apply and says what it imported", async () => {
    const { db } = use();
    const { summit, slug } = await summitWithOrganizer(db);
    const path = file("contributors.csv", readFileSync(join(REPO_ROOT, "tests/fixtures/contributors.csv")));
    const preview = await command(db, { summit: slug, kind: "csv", path });
    expect(preview.code).toBe(0);
    expect(preview.out).toMatch(/^contributors\.csv: \d+ people, [\d,]+ commits; \d+ lines skipped\.\n/);
    expect(preview.out).toContain("Peter Maydell <peter.maydell@linaro.org>");
    expect(preview.out).toMatch(/Nothing was changed: add --apply to import it\.\n$/);
    expect(await contributorSources(db, summit.id)).toEqual([]);
    const applied = await command(db, { summit: slug, kind: "csv", path, apply: true });
    expect(applied).toMatchObject({ code: 0, err: "" });
    expect(applied.out).toMatch(/Imported \d+ contributors as the source “contributors\.csv”\.\n$/);
    expect(await contributorSources(db, summit.id)).toEqual([{ kind: "csv", label: "contributors.csv" }]);
  });

  it("previews a MAINTAINERS replacement with who it removes, and applies it only with --confirm-removal", async () => {
    const { db } = use();
    const { summit, slug } = await summitWithOrganizer(db);
    const full = file("MAINTAINERS", maintainersFile(50));
    expect((await command(db, { summit: slug, kind: "maintainers", path: full, apply: true })).code).toBe(0);
    expect(await rolesOf(db, summit.id)).toHaveLength(50);

    const truncated = file("MAINTAINERS.cut", cutShort(20));
    const preview = await command(db, { summit: slug, kind: "maintainers", path: truncated, json: true });
    expect(preview.code).toBe(0);
    const json = JSON.parse(preview.out) as {
      people: Array<{ email: string; name: string; sections: string[]; aliases: string[] }>;
      removed: Array<{ role: string; email: string; name: string }>;
      cutShort: { line: number } | null;
    };
    expect(json.people).toHaveLength(20);
    expect(json.people[0]).toEqual({
      email: "maint1@example.org",
      name: "Maintainer 1",
      sections: ["Subsystem 1"],
      aliases: [],
    });
    expect(json.removed).toHaveLength(30);
    expect(json.removed[0]).toEqual({
      role: "maintainer: Subsystem 21",
      email: "maint21@example.org",
      name: "Maintainer 21",
    });
    expect(json.cutShort).toMatchObject({ line: 102 });

    const refused = await command(db, { summit: slug, kind: "maintainers", path: truncated, apply: true });
    expect(refused.code).toBe(2);
    expect(refused.out).toContain("Would remove 30 of the 50 entries of the current MAINTAINERS import:");
    expect(refused.out).toContain("The file looks cut short: it ends in the middle of line 102");
    expect(refused.err).toMatch(/^Nothing was imported: .*--confirm-removal/);
    expect(await rolesOf(db, summit.id)).toHaveLength(50);

    const confirmed = await command(db, {
      summit: slug,
      kind: "maintainers",
      path: truncated,
      apply: true,
      confirmRemoval: true,
    });
    expect(confirmed).toMatchObject({ code: 0, err: "" });
    expect(confirmed.out).toContain("Imported 20 MAINTAINERS entries");
    expect(await rolesOf(db, summit.id)).toHaveLength(20);
  });

  it("previews a git history with commits skipped per author, and imports it with --apply", async () => {
    const { db } = use();
    const { summit, slug } = await summitWithOrganizer(db);
    const period = { since: small.expected.since, until: small.expected.until };
    const preview = await command(db, { summit: slug, kind: "git", path: small.dir, ...period, json: true });
    expect(preview).toMatchObject({ code: 0, err: "" });
    const json = JSON.parse(preview.out) as {
      people: Array<{ email: string; commits: number; aliases: string[] }>;
      skipped: Array<Record<string, unknown>>;
      removed: unknown[];
    };
    const skippedCommits = (small.expected.botCommits ?? 0) + (small.expected.placeholderCommits ?? 0);
    expect(json.people.reduce((sum, p) => sum + p.commits, 0) + skippedCommits).toBe(small.expected.commits);
    expect(json.people.some((p) => p.aliases.some((a) => a.endsWith(".example.net")))).toBe(true);
    expect(json.skipped.reduce((sum, s) => sum + Number(s.commits), 0)).toBe(skippedCommits);
    expect(json.skipped).toContainEqual({
      text: "renovate[bot] <29139614+renovate[bot]@users.noreply.github.com>",
      reason: expect.stringContaining("bot") as string,
      commits: expect.any(Number) as number,
    });
    expect(json.removed).toEqual([]);
    const text = await command(db, { summit: slug, kind: "git", path: small.dir, ...period });
    expect(text.out).toMatch(
      new RegExp(
        `^\\S+: ${json.people.length} people, [\\d,]+ commits; ${skippedCommits.toLocaleString("en")} commits skipped \\(\\d+ from bots`,
      ),
    );
    expect(await contributorSources(db, summit.id)).toEqual([]);

    const applied = await command(db, { summit: slug, kind: "git", path: small.dir, ...period, apply: true });
    expect(applied).toMatchObject({ code: 0, err: "" });
    expect(applied.out).toMatch(/Imported \d+ contributors, \d+ commits, from .*Skipped: \d+ from bots/);
    expect(await contributorSources(db, summit.id)).toHaveLength(1);
  });

  it.each<[string, () => string, RegExp]>([
    ["a missing file", () => join(scratch, "no-such-file"), /^There is no file at .*no-such-file\.\n$/],
    [
      "a folder",
      () => (mkdirSync(join(scratch, "a-folder"), { recursive: true }), join(scratch, "a-folder")),
      /is a folder; give the file/,
    ],
    ["an empty file", () => file("empty.shortlog", ""), /is empty: there is nothing to import/],
    [
      "a file that is not UTF-8",
      () =>
        file(
          "latin1.shortlog",
          Uint8Array.from([...Buffer.from("     3\tJ"), 0xf6, ...Buffer.from("rg <j@example.org>\n")]),
        ),
      /latin1\.shortlog is not UTF-8 text \(line 1 holds other bytes/,
    ],
    [
      "a CSV offered as shortlog",
      () => file("c.csv", "name,email,commits\nA,a@example.org,3\n"),
      /not `git shortlog -sne` output/,
    ],
  ])("refuses %s with a clear message, exit code 2, writing nothing", async (_case, pathOf, message) => {
    const { db } = use();
    const { summit, slug } = await summitWithOrganizer(db);
    const result = await command(db, { summit: slug, kind: "shortlog", path: pathOf(), apply: true });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
    expect(result.out).toBe("");
    expect(await contributorSources(db, summit.id)).toEqual([]);
  });

  it("refuses an unknown summit", async () => {
    const { db } = use();
    const result = await command(db, { summit: "no-such-summit", kind: "csv", path: "/dev/null" });
    expect(result).toEqual({ code: 2, out: "", err: "There is no summit 'no-such-summit'.\n" });
  });
});
