import { Worker } from "node:worker_threads";
import type { EmbeddedQueries } from "./pglite-dialect";

/** What the server's thread asks of the database's thread (pglite-thread.ts). */
export type ThreadRequest =
  { id: number; op: "query"; sql: string; parameters: unknown[] } | { id: number; op: "close" };

/** Its answer to request `id`; id 0 says whether the database opened. */
export type ThreadReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { message: string; code?: string; detail?: string } };

/** A database error from the other thread, with the fields PostgreSQL gave it. */
export class EmbeddedDatabaseError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = "EmbeddedDatabaseError";
  }
}

/**
 * The embedded database running on its own thread (`script`, the compiled
 * pglite-thread.js), seen from the server's: each statement is a message,
 * answered in the order sent. If the thread stops, every waiting and later
 * statement fails rather than hanging.
 */
export class ThreadedPGlite implements EmbeddedQueries {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #nextId = 1;
  #stopped: Error | null = null;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on("message", (reply: ThreadReply) => {
      const waiter = this.#waiting.get(reply.id);
      if (!waiter) return;
      this.#waiting.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new EmbeddedDatabaseError(reply.error.message, reply.error.code, reply.error.detail));
    });
    const stop = (error: Error) => {
      this.#stopped ??= error;
      for (const waiter of this.#waiting.values()) waiter.reject(this.#stopped);
      this.#waiting.clear();
    };
    worker.on("error", (error) => stop(new Error(`The embedded database's thread failed: ${error.message}`)));
    worker.on("exit", (code) => stop(new Error(`The embedded database's thread stopped (exit code ${code})`)));
  }

  /** Starts the thread and waits until the database is open; throws what opening it threw. */
  static async open(script: URL, dataDir: string): Promise<ThreadedPGlite> {
    const threaded = new ThreadedPGlite(new Worker(script, { workerData: { dataDir } }));
    try {
      await threaded.#ask(0);
    } catch (error) {
      await threaded.#worker.terminate();
      throw error;
    }
    return threaded;
  }

  #ask(id: number, request?: ThreadRequest): Promise<unknown> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      if (request) this.#worker.postMessage(request);
    });
  }

  async query<R>(sql: string, parameters: unknown[]): Promise<{ rows: R[]; affectedRows?: number }> {
    const id = this.#nextId++;
    return (await this.#ask(id, { id, op: "query", sql, parameters })) as { rows: R[]; affectedRows?: number };
  }

  /** Checkpoints and closes the database, releases its lock, and ends the thread. */
  async close(): Promise<void> {
    const id = this.#nextId++;
    try {
      await this.#ask(id, { id, op: "close" });
    } finally {
      await this.#worker.terminate();
    }
  }
}
