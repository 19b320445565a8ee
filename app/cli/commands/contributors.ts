import { isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { getSummitBySlug } from "~db/queries/summit";
import { withDatabase } from "~/cli/runtime";
import { isIsoDate, isValidSlug } from "~/domain/summit/details";
import { importFromGit } from "~/services/eligibility/commands/imports.server";

export const USAGE =
  "Usage: npm run summit -- contributors import --summit SLUG --repo PATH --since YYYY-MM-DD --until YYYY-MM-DD";

const FLAGS = { "--summit": "summit", "--repo": "repo", "--since": "since", "--until": "until" } as const;

const day = (flag: string) =>
  z
    .string({ error: `${flag} is missing: give a date as YYYY-MM-DD.` })
    .refine(isIsoDate, { error: (issue) => `${flag}: '${String(issue.input)}' is not a real date as YYYY-MM-DD.` });

const ImportArgsSchema = z
  .object({
    summit: z
      .string({ error: "--summit is missing: give the summit's short name (as in /summits/SLUG)." })
      .refine(isValidSlug, {
        error: (issue) =>
          `--summit: '${String(issue.input)}' is not a summit's short name (lower-case letters, digits and hyphens).`,
      }),
    repo: z.string({ error: "--repo is missing: give the path of a git repository." }).min(1, "--repo is empty."),
    since: day("--since"),
    until: day("--until"),
  })
  .strict()
  .refine((v) => v.since <= v.until, {
    message: "--until cannot be before --since.",
    // Only once both are real dates: a bad date has its own message.
    when: (payload) => {
      const v = payload.value as { since?: unknown; until?: unknown };
      return typeof v.since === "string" && typeof v.until === "string" && isIsoDate(v.since) && isIsoDate(v.until);
    },
  });

export type ContributorsArgs =
  { ok: true; summit: string; repo: string; since: string; until: string } | { ok: false; message: string };

/**
 * `contributors import --summit SLUG --repo PATH --since DATE --until DATE`,
 * flags in any order, each once. A relative PATH is taken from where the
 * command was typed (npm runs scripts from the project folder).
 */
export function parseContributorsArgs(args: string[], cwd = process.env.INIT_CWD ?? process.cwd()): ContributorsArgs {
  if (args[0] !== "import") return { ok: false, message: USAGE };
  const values: Record<string, string> = {};
  const rest = args.slice(1);
  for (let i = 0; i < rest.length; i += 2) {
    const flag = rest[i]!;
    const key = (FLAGS as Record<string, string | undefined>)[flag];
    if (!key) return { ok: false, message: `Unknown argument '${flag}'.\n${USAGE}` };
    if (key in values) return { ok: false, message: `${flag} is given twice.` };
    const value = rest[i + 1];
    if (value === undefined || value.startsWith("--")) return { ok: false, message: `${flag} needs a value.` };
    values[key] = value;
  }
  const parsed = ImportArgsSchema.safeParse(values);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join("\n") };
  const { summit, repo, since, until } = parsed.data;
  return { ok: true, summit, repo: isAbsolute(repo) ? repo : resolve(cwd, repo), since, until };
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseContributorsArgs(args);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n`);
    return 2;
  }
  return withDatabase(async ({ db }) => {
    const summit = await getSummitBySlug(db, parsed.summit);
    if (!summit) {
      process.stderr.write(`There is no summit '${parsed.summit}'.\n`);
      return 2;
    }
    const result = await importFromGit(db, {
      summitId: summit.id,
      actorId: null,
      repoPath: parsed.repo,
      since: parsed.since,
      until: parsed.until,
      now: new Date(),
    });
    if (!result.ok) {
      process.stderr.write(`${result.message}\n`);
      return 2;
    }
    const r = result.value;
    process.stdout.write(
      `${r.contributors} contributors, ${r.commits} commits imported from ${r.repoPath} (${r.since}..${r.until})` +
        `${r.aliases > 0 ? `; ${r.aliases} mailmap aliases kept for matching people` : ""}.\n`,
    );
    if (r.skipped.length > 0) {
      const total = r.skipped.reduce((sum, s) => sum + s.commits, 0);
      process.stdout.write(`${total} commits skipped: ${r.skippedWhy.map((s) => `${s.count} ${s.why}`).join(", ")}.\n`);
      for (const s of r.skipped) process.stdout.write(`  ${String(s.commits).padStart(7)}  ${s.text}: ${s.reason}\n`);
    }
    return 0;
  });
}
