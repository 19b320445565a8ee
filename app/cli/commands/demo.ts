import { withDatabase } from "~/cli/runtime";
import { loadDemo } from "~/services/demo.server";

const USAGE = "Usage: npm run summit -- demo load   (into an empty database)";

/**
 * `demo load`: migrates the configured database (the embedded one, or
 * DATABASE_URL) and loads the QEMU Summit 2017 demo into it when it holds no
 * summit and no user. Any other database is refused, unchanged.
 */
export async function run(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0] !== "load") {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  return withDatabase(async ({ db, kind }) => {
    const result = await loadDemo(db);
    if (!result.ok) {
      process.stderr.write(`${result.message}\n`);
      return 1;
    }
    const { title, slug, users, items } = result.value;
    const where = kind === "pglite" ? "the embedded database" : "PostgreSQL";
    process.stdout.write(
      `Loaded the demo into ${where}: ${title} (/summits/${slug}), ${users} users, ${items} agenda items.\n` +
        "Sign in as peter.maydell@demo.summit.test (organizer) or admin@demo.summit.test.\n",
    );
    return 0;
  });
}
