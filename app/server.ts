// The Summit server: opens the database, migrates, serves the Remix build, and
// runs the outbox worker in-process unless OUTBOX_WORKER=off. `npm run build`
// compiles it to build/server.js, which `npm start` runs.
import "dotenv/config";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { DatabaseOpenError, migrateToLatest, openDatabase } from "~db/client";
import { ConfigError, parseConfig } from "~/lib/config.server";
import { createLogger } from "~/lib/log.server";
import { loadDemoIfEmpty } from "~/services/demo.server";
import { startOutboxWorker } from "~/infra/outbox-worker.server";
import { createApp } from "./server/create-app";

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);

  // The Remix build and public/ are found from this module, not from the working folder: both are
  // one level up from the compiled build/server.js (and from app/server.ts).
  const root = fileURLToPath(new URL("..", import.meta.url));
  const buildPath = join(root, "build", "index.js");
  if (!existsSync(buildPath)) {
    process.stderr.write(`${buildPath} is missing: run npm run build\n`);
    process.exit(1);
  }

  let database;
  try {
    database = await openDatabase({
      databaseUrl: config.DATABASE_URL,
      dataDir: config.SUMMIT_DATA_DIR,
      // Compiled beside this file (build.config.mjs): the embedded database's own thread.
      thread: new URL("./pglite-thread.js", import.meta.url),
    });
    await migrateToLatest(database.db);
  } catch (error) {
    if (error instanceof DatabaseOpenError) {
      process.stderr.write(`${error.message}\n`);
      await database?.close().catch(() => undefined);
      process.exit(1);
    }
    throw error;
  }
  if (database.kind === "pglite") {
    log.warn(
      "PGlite/NodeFS: survives process crashes, not OS crash or power loss; use PostgreSQL (DATABASE_URL) in production",
    );
    if (config.SUMMIT_DEMO === "auto" && (await loadDemoIfEmpty(database.db))) {
      log.info("loaded the demo summit (QEMU Summit 2017); sign in as peter.maydell@demo.summit.test");
    }
  }

  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const summit = createApp({ config, database, log, build, publicDir: join(root, "public") });

  const server = summit.app.listen(config.PORT, config.HOST, () => {
    log.info({ origin: config.APP_ORIGIN, port: config.PORT, database: database.kind }, "Summit is listening");
  });
  const worker = config.OUTBOX_WORKER === "inline" ? startOutboxWorker({ db: database.db, config, log }) : null;
  const maintain = () =>
    database.maintain().catch((error: unknown) => log.error({ err: error }, "database maintenance failed"));
  // Statistics for the planner from the start (a restored or seeded database has none), then on a schedule.
  void maintain();
  const checkpointTimer = database.kind === "pglite" ? setInterval(maintain, config.CHECKPOINT_MINUTES * 60_000) : null;
  checkpointTimer?.unref();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    // Still listening while draining: new requests get 503 (a proxy can retry), not a refused connection.
    await summit.drain(10_000);
    server.close();
    server.closeAllConnections();
    if (checkpointTimer) clearInterval(checkpointTimer);
    await worker?.stop();
    await database.close();
    log.info("stopped cleanly");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(`Summit failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
