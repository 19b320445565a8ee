import { isAbsolute, resolve } from "node:path";
import type { Kysely } from "kysely";
import { z } from "zod";
import { getSummitBySlug } from "~db/queries/summit";
import type { Database } from "~db/schema";
import { withDatabase } from "~/cli/runtime";
import { isIsoDate, isValidSlug } from "~/domain/summit/details";
import { plural } from "~/domain/text/plural";
import { applyTextImport, importFromGit } from "~/services/eligibility/commands/imports.server";
import { previewSourceImport, type SourcePreview } from "~/services/eligibility/source-preview.server";

export const USAGE = [
  "Usage: npm run summit -- sources import --summit SLUG --kind git|shortlog|csv|maintainers PATH",
  "         [--since YYYY-MM-DD --until YYYY-MM-DD] [--label TEXT] [--json] [--apply [--confirm-removal]]",
  "",
  "Shows what the import would do and changes nothing; --apply imports it. A MAINTAINERS file that would",
  "remove a fifth or more of the current import's entries also needs --confirm-removal. git needs the period.",
].join("\n");

const VALUE_FLAGS = {
  "--summit": "summit",
  "--kind": "kind",
  "--since": "since",
  "--until": "until",
  "--label": "label",
};
const SWITCHES = { "--json": "json", "--apply": "apply", "--confirm-removal": "confirmRemoval" };

const day = (flag: string) =>
  z
    .string()
    .refine(isIsoDate, { error: (issue) => `${flag}: '${String(issue.input)}' is not a real date as YYYY-MM-DD.` })
    .optional();

const ImportArgsSchema = z
  .object({
    summit: z
      .string({ error: "--summit is missing: give the summit's short name (as in /summits/SLUG)." })
      .refine(isValidSlug, {
        error: (issue) =>
          `--summit: '${String(issue.input)}' is not a summit's short name (lower-case letters, digits and hyphens).`,
      }),
    kind: z.enum(["git", "shortlog", "csv", "maintainers"], {
      error: "--kind is missing or unknown: give git, shortlog, csv or maintainers.",
    }),
    path: z.string({ error: "PATH is missing: give the repository (git) or the file to import." }).min(1),
    since: day("--since"),
    until: day("--until"),
    label: z.string().min(1, "--label is empty.").max(200, "--label has at most 200 characters.").optional(),
    json: z.boolean(),
    apply: z.boolean(),
    confirmRemoval: z.boolean(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === "git" && (!v.since || !v.until)) {
      ctx.addIssue({ code: "custom", message: "git counts commits over a period: give --since and --until." });
    }
    if (v.since && v.until && isIsoDate(v.since) && isIsoDate(v.until) && v.until < v.since) {
      ctx.addIssue({ code: "custom", message: "--until cannot be before --since." });
    }
    if (v.confirmRemoval && !v.apply) {
      ctx.addIssue({ code: "custom", message: "--confirm-removal goes with --apply." });
    }
  });

export type SourcesArgs = z.output<typeof ImportArgsSchema>;

/**
 * `sources import --summit SLUG --kind KIND PATH [...]`, flags in any order,
 * each once. A relative PATH is taken from where the command was typed (npm
 * runs scripts from the project folder).
 */
export function parseSourcesArgs(
  args: string[],
  cwd = process.env.INIT_CWD ?? process.cwd(),
): { ok: true; args: SourcesArgs } | { ok: false; message: string } {
  if (args[0] !== "import") return { ok: false, message: USAGE };
  const values: Record<string, string | boolean> = { json: false, apply: false, confirmRemoval: false };
  const rest = args.slice(1);
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    const switchKey = (SWITCHES as Record<string, string | undefined>)[word];
    const valueKey = (VALUE_FLAGS as Record<string, string | undefined>)[word];
    if (switchKey) {
      if (values[switchKey] === true) return { ok: false, message: `${word} is given twice.` };
      values[switchKey] = true;
    } else if (valueKey) {
      if (valueKey in values) return { ok: false, message: `${word} is given twice.` };
      const value = rest[i + 1];
      if (value === undefined || value.startsWith("--")) return { ok: false, message: `${word} needs a value.` };
      values[valueKey] = value;
      i++;
    } else if (word.startsWith("--")) {
      return { ok: false, message: `Unknown argument '${word}'.\n${USAGE}` };
    } else {
      if ("path" in values) return { ok: false, message: `Give one PATH, not '${String(values.path)}' and '${word}'.` };
      values.path = isAbsolute(word) ? word : resolve(cwd, word);
    }
  }
  const parsed = ImportArgsSchema.safeParse(values);
  if (!parsed.success) return { ok: false, message: parsed.error.issues.map((i) => i.message).join("\n") };
  return { ok: true, args: parsed.data };
}

type Write = (text: string) => void;

const SHOWN = 20;

/** The preview as a person reads it: the first people, every skipped line, every removed entry. */
function describePreview(preview: SourcePreview, write: Write): void {
  const counted = preview.kind !== "maintainers";
  const commits = preview.people.reduce((sum, p) => sum + (p.commits ?? 0), 0);
  let skipped = `${plural(preview.skipped.length, "line", "lines")} skipped`;
  if (preview.history) {
    const why = preview.history.skippedWhy;
    const total = why.reduce((sum, s) => sum + s.count, 0);
    skipped = `${plural(total, "commit", "commits")} skipped${why.length > 0 ? ` (${why.map((s) => `${s.count} ${s.why}`).join(", ")})` : ""}`;
  }
  write(
    counted
      ? `${preview.label}: ${plural(preview.people.length, "person", "people")}, ${plural(commits, "commit", "commits")}; ${skipped}.\n`
      : `${preview.label}: ${plural(preview.people.length, "person", "people")} in MAINTAINERS sections; ${skipped}.\n`,
  );
  for (const p of preview.people.slice(0, SHOWN)) {
    const what = counted
      ? String(p.commits).padStart(7)
      : plural(p.sections?.length ?? 0, "section", "sections").padStart(12);
    write(`  ${what}  ${p.name} <${p.email}>\n`);
  }
  if (preview.people.length > SHOWN) write(`  … and ${preview.people.length - SHOWN} more (--json lists everyone).\n`);
  if (preview.skipped.length > 0) write("Skipped:\n");
  for (const s of preview.skipped) {
    const where = s.line === undefined ? "" : `line ${s.line}: `;
    const count = s.commits === undefined ? "" : ` (${s.commits} commits)`;
    write(`  ${where}${s.text}: ${s.reason}${count}\n`);
  }
  if (preview.removed.length > 0) {
    write(
      `Would remove ${preview.removed.length} of the ${preview.current} entries of the current MAINTAINERS import:\n`,
    );
    for (const r of preview.removed) write(`  ${r.role}: ${r.name} <${r.email}>\n`);
  }
  if (preview.cutShort) {
    write(
      `The file looks cut short: it ends in the middle of line ${preview.cutShort.line} (${preview.cutShort.text}).\n`,
    );
  }
}

/** The preview as JSON: people, skipped and removed, as the README documents them. */
function previewJson(preview: SourcePreview) {
  return {
    kind: preview.kind,
    label: preview.label,
    people: preview.people,
    skipped: preview.skipped,
    removed: preview.removed,
    cutShort: preview.cutShort,
  };
}

/** Applies what was previewed; a message to say, or a refusal. */
async function applyPreview(
  db: Kysely<Database>,
  summitId: string,
  args: SourcesArgs,
  preview: SourcePreview,
): Promise<{ ok: true; said: string } | { ok: false; message: string }> {
  const now = new Date();
  if (preview.kind === "git") {
    const result = await importFromGit(db, {
      summitId,
      actorId: null,
      repoPath: args.path,
      since: args.since ?? "",
      until: args.until ?? "",
      now,
      history: preview.history ?? undefined,
    });
    if (!result.ok) return result;
    const r = result.value;
    const aliases = r.aliases > 0 ? `; ${r.aliases} mailmap aliases kept for matching people` : "";
    const skipped =
      r.skippedWhy.length > 0 ? ` Skipped: ${r.skippedWhy.map((s) => `${s.count} ${s.why}`).join(", ")}.` : "";
    return {
      ok: true,
      said: `Imported ${r.contributors} contributors, ${r.commits} commits, from ${r.repoPath} (${r.since}..${r.until})${aliases}.${skipped}`,
    };
  }
  if (preview.needsConfirmation && !args.confirmRemoval) {
    return {
      ok: false,
      message:
        `Nothing was imported: this file would remove ${preview.removed.length} of the ${preview.current} entries of the current MAINTAINERS import. ` +
        "Check them above, and run the command again with --confirm-removal to remove them.",
    };
  }
  const input = {
    ...preview.input,
    ...(args.confirmRemoval ? { confirmDropped: String(preview.removed.length) } : {}),
  };
  const result = await applyTextImport(db, { summitId, actorId: null, now, input });
  if (!result.ok) return result;
  const r = result.value;
  return {
    ok: true,
    said:
      r.kind === "maintainers"
        ? `Imported ${plural(r.accepted, "MAINTAINERS entry", "MAINTAINERS entries")} as “${r.label}”` +
          (r.replaced > 0 ? `, replacing the ${plural(r.replaced, "entry", "entries")} of the previous import.` : ".")
        : `Imported ${plural(r.accepted, "contributor", "contributors")} as the source “${r.label}”.`,
  };
}

/** The command on an open database: what `run` does once the arguments are read. Returns the exit code. */
export async function importSource(
  db: Kysely<Database>,
  args: SourcesArgs,
  io: { out: Write; err: Write },
): Promise<number> {
  const summit = await getSummitBySlug(db, args.summit);
  if (!summit) {
    io.err(`There is no summit '${args.summit}'.\n`);
    return 2;
  }
  const read = await previewSourceImport(db, {
    summitId: summit.id,
    kind: args.kind,
    path: args.path,
    since: args.since,
    until: args.until,
    label: args.label,
  });
  if (!read.ok) {
    io.err(`${read.message}\n`);
    return 2;
  }
  const preview = read.value;
  if (!args.json) describePreview(preview, io.out);
  if (!args.apply) {
    if (args.json) io.out(`${JSON.stringify(previewJson(preview), null, 2)}\n`);
    else io.out("Nothing was changed: add --apply to import it.\n");
    return 0;
  }
  const applied = await applyPreview(db, summit.id, args, preview);
  if (args.json) {
    io.out(`${JSON.stringify({ ...previewJson(preview), applied: applied.ok ? applied.said : null }, null, 2)}\n`);
  }
  if (!applied.ok) {
    io.err(`${applied.message}\n`);
    return 2;
  }
  if (!args.json) io.out(`${applied.said}\n`);
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const parsed = parseSourcesArgs(argv);
  if (!parsed.ok) {
    process.stderr.write(`${parsed.message}\n`);
    return 2;
  }
  const io = { out: (t: string) => void process.stdout.write(t), err: (t: string) => void process.stderr.write(t) };
  return withDatabase(({ db }) => importSource(db, parsed.args, io));
}
