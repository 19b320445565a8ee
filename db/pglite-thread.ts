// The embedded database on a thread of its own, for the server: PGlite runs
// each statement to the end on the thread that calls it, so in the server's
// thread every statement stopped every request's rendering. Here the queries
// of one request run while another's page renders, on the machine's other
// core. The server's thread talks to it through `ThreadedPGlite` (threaded-pglite.ts);
// the command line and the tests open the database in their own thread
// (docs/decisions/0008-embedded-database-thread.md).
import { parentPort, workerData } from "node:worker_threads";
import { openEmbedded } from "./client";
import { preparedQueries } from "./pglite-prepared";
import type { ThreadReply, ThreadRequest } from "./threaded-pglite";

const port = parentPort;
if (!port) throw new Error("pglite-thread runs as a worker thread");

/** What a database error says, as plain fields: an Error's own fields do not cross to another thread. */
function describe(error: unknown): Extract<ThreadReply, { ok: false }>["error"] {
  const e = error as { message?: unknown; code?: unknown; detail?: unknown };
  return {
    message: typeof e?.message === "string" ? e.message : String(error),
    code: typeof e?.code === "string" ? e.code : undefined,
    detail: typeof e?.detail === "string" ? e.detail : undefined,
  };
}

try {
  const handle = await openEmbedded((workerData as { dataDir: string }).dataDir);
  const queries = preparedQueries(handle.pglite!);
  port.on("message", (request: ThreadRequest) => {
    const run = async (): Promise<unknown> => {
      if (request.op === "query") {
        return queries.query(request.sql, request.parameters);
      }
      // Closing checkpoints first. Upkeep is not asked of this thread: the server sends it as statements,
      // which wait their turn behind an open transaction (client.ts).
      return handle.close();
    };
    run().then(
      (value) => port.postMessage({ id: request.id, ok: true, value } satisfies ThreadReply),
      (error: unknown) => port.postMessage({ id: request.id, ok: false, error: describe(error) } satisfies ThreadReply),
    );
  });
  port.postMessage({ id: 0, ok: true, value: "open" } satisfies ThreadReply);
} catch (error) {
  port.postMessage({ id: 0, ok: false, error: describe(error) } satisfies ThreadReply);
}
