// A process that opens the embedded database the way the app does, for tests of
// the single-opener lock. Usage:
//   node --import tsx tests/helpers/embedded-opener.ts DATA_DIR hold    open, then write until stopped
//   node --import tsx tests/helpers/embedded-opener.ts DATA_DIR check   open, run an integrity query, close
import { DatabaseOpenError, migrateToLatest, openDatabase } from "../../db/client";

async function main(dataDir: string, mode: string): Promise<number> {
  let handle;
  try {
    handle = await openDatabase({ dataDir });
  } catch (error) {
    if (error instanceof DatabaseOpenError) {
      process.stdout.write("refused\n");
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  await migrateToLatest(handle.db);
  if (mode === "check") {
    const users = await handle.db
      .selectFrom("app_user")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const emails = await handle.db.selectFrom("app_user").select("email").execute();
    // Every row readable and the unique index agreeing with the table.
    if (new Set(emails.map((e) => e.email)).size !== users.n) throw new Error("app_user index and table disagree");
    process.stdout.write(`ok users=${users.n}\n`);
    await handle.close();
    return 0;
  }
  let stopping = false;
  process.on("SIGTERM", () => {
    stopping = true;
  });
  process.stdout.write(`ready pid=${process.pid}\n`);
  // Keep committing until stopped: each line reports a commit that returned.
  for (let i = 0; !stopping; i++) {
    await handle.db
      .insertInto("app_user")
      .values({ email: `writer-${i}@example.org`, display_name: `Writer ${i}` })
      .execute();
    process.stdout.write(`committed ${i + 1}\n`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await handle.close();
  return 0;
}

const [dataDir, mode] = process.argv.slice(2);
if (!dataDir || (mode !== "hold" && mode !== "check")) {
  process.stderr.write("Usage: embedded-opener.ts DATA_DIR hold|check\n");
  process.exit(2);
}
main(dataDir, mode).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(3);
  },
);
