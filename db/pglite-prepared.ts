import { parse, protocol, type PGlite, type Results } from "@electric-sql/pglite";
import { LRUCache } from "lru-cache";
import type { EmbeddedQueries } from "./pglite-dialect";
import {
  changesSchema,
  GENERIC_PLANS,
  isPreparable,
  isStalePreparedStatement,
  PREPARED_STATEMENT_LIMIT,
} from "./prepared-statements";

type BackendMessage = Awaited<ReturnType<PGlite["execProtocol"]>>["messages"][number];
type RowDescription = Extract<BackendMessage, { name: "rowDescription" }>;

interface Prepared {
  name: string;
  parameterTypes: number[];
  /** The statement's columns (null when it returns no rows). */
  columns: RowDescription | null;
}

const prepared = new WeakMap<PGlite, PreparedQueries>();

/**
 * The queries of one embedded database, each statement parsed and planned
 * once and then only bound and run. PGlite's own `query` parses, describes
 * and plans every statement anew, six calls into the database per
 * statement; here a statement seen before is one call, and the planner's
 * work is kept by PostgreSQL's plan cache.
 */
export function preparedQueries(pglite: PGlite): EmbeddedQueries {
  let queries = prepared.get(pglite);
  if (!queries) {
    queries = new PreparedQueries(pglite);
    prepared.set(pglite, queries);
  }
  return queries;
}

/**
 * For tools that use the PGlite session directly (pg_dump runs DEALLOCATE ALL;
 * a restore creates tables; both end in RESET ALL): every statement is
 * prepared afresh afterwards, and the session set up again.
 */
export async function forgetPreparedStatements(pglite: PGlite): Promise<void> {
  await prepared.get(pglite)?.forget();
}

class PreparedQueries implements EmbeddedQueries {
  /** By statement text; the least recently used is closed to make room. */
  readonly #statements = new LRUCache<string, Prepared>({ max: PREPARED_STATEMENT_LIMIT });
  #nextName = 1;
  /** Whether the session is set up for prepared statements (a tool's RESET ALL undoes it). */
  #configured = false;
  /** The last statement sent: each waits for it, so statements run in the order they were sent. */
  #last: Promise<unknown> = Promise.resolve();

  constructor(private readonly pglite: PGlite) {}

  query<R>(sql: string, parameters: unknown[]): Promise<{ rows: R[]; affectedRows?: number }> {
    const run = this.#last.then(() =>
      isPreparable(sql) ? this.#prepared<R>(sql, parameters) : this.#direct<R>(sql, parameters),
    );
    this.#last = run.catch(() => undefined);
    return run;
  }

  #prepared<R>(sql: string, parameters: unknown[]): Promise<{ rows: R[]; affectedRows?: number }> {
    // PGlite's locks, as its own `query` takes them: nothing else runs on the database meanwhile.
    return this.pglite._runExclusiveTransaction(() =>
      this.pglite._runExclusiveQuery(async () => {
        const statement = await this.#prepare(sql);
        const { messages } = await this.pglite
          .execProtocol(
            concat([
              protocol.serialize.bind({ statement: statement.name, values: this.#values(statement, parameters) }),
              protocol.serialize.execute({}),
              protocol.serialize.sync(),
            ]),
            { syncToFs: false },
          )
          .catch(async (error: unknown) => {
            // The session lost them behind our back, or a table changed shape: all are prepared afresh.
            if (isStalePreparedStatement(error)) await this.#closeAll();
            throw error;
          });
        if (!this.pglite.isInTransaction()) await this.pglite.syncToFs();
        const [result] = parse.parseResults(
          statement.columns ? [statement.columns, ...messages] : messages,
          this.pglite.parsers,
          { rowMode: "object" },
        ) as Array<Results<R>>;
        return { rows: result!.rows, affectedRows: result!.affectedRows };
      }),
    );
  }

  async #direct<R>(sql: string, parameters: unknown[]): Promise<{ rows: R[]; affectedRows?: number }> {
    const result = await this.pglite.query<R>(sql, parameters, { rowMode: "object" });
    if (changesSchema(sql)) await this.forget();
    return { rows: result.rows, affectedRows: result.affectedRows };
  }

  async #prepare(sql: string): Promise<Prepared> {
    // Outside a transaction only: a rollback would undo the setting.
    if (!this.#configured && !this.pglite.isInTransaction()) {
      await this.pglite.execProtocol(protocol.serialize.query(GENERIC_PLANS), { syncToFs: false });
      this.#configured = true;
    }
    const known = this.#statements.get(sql);
    if (known) return known;
    if (this.#statements.size >= PREPARED_STATEMENT_LIMIT) {
      const oldest = this.#statements.pop();
      // Not closed (in a failed transaction) is harmless: its name is never used again.
      if (oldest) await this.#close([oldest]).catch(() => undefined);
    }
    const name = `summit_${this.#nextName++}`;
    const { messages } = await this.pglite.execProtocol(
      concat([
        protocol.serialize.parse({ name, text: sql }),
        protocol.serialize.describe({ type: "S", name }),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const statement: Prepared = {
      name,
      parameterTypes: parse.parseDescribeStatementResults(messages),
      columns: (messages.find((m) => m.name === "rowDescription") as RowDescription | undefined) ?? null,
    };
    this.#statements.set(sql, statement);
    return statement;
  }

  /** The parameters as text, as PGlite's `query` writes them for the types PostgreSQL inferred. */
  #values(statement: Prepared, parameters: unknown[]): Array<string | null> {
    return parameters.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serialize = this.pglite.serializers[statement.parameterTypes[i]!];
      return serialize ? (serialize(value) as string) : String(value);
    });
  }

  /** Closes every prepared statement (closing one the session no longer has is not an error). */
  async forget(): Promise<void> {
    await this.pglite._runExclusiveQuery(() => this.#closeAll());
  }

  async #closeAll(): Promise<void> {
    this.#configured = false;
    const all = [...this.#statements.values()];
    this.#statements.clear();
    // Not closed (in a failed transaction) is harmless: their names are never used again.
    await this.#close(all).catch(() => undefined);
  }

  async #close(statements: Prepared[]): Promise<void> {
    if (statements.length === 0) return;
    await this.pglite.execProtocol(
      concat([
        ...statements.map((s) => protocol.serialize.close({ type: "S", name: s.name })),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false },
    );
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const whole = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    whole.set(part, at);
    at += part.length;
  }
  return whole;
}
