import type pg from "pg";
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from "kysely";
import { GENERIC_PLANS, isPreparable, isStalePreparedStatement, PREPARED_STATEMENT_LIMIT } from "./prepared-statements";

/** Statement names by text, for every connection of the process; a name is never given to another text. */
class StatementNames {
  readonly #names = new Map<string, string>();
  #next = 1;

  nameOf(sql: string): string {
    let name = this.#names.get(sql);
    if (name === undefined) {
      // Forgetting a text here only means it gets a new name if it comes back.
      if (this.#names.size >= PREPARED_STATEMENT_LIMIT * 5) this.#names.clear();
      name = `summit_${this.#next++}`;
      this.#names.set(sql, name);
    }
    return name;
  }
}

/**
 * A `pg` pool for Kysely whose connections prepare each statement once: `pg`
 * then sends a statement seen before as bind and execute only, and PostgreSQL
 * keeps its plan. Unnamed, every statement is parsed and planned again, which
 * was most of PostgreSQL's work on a page. A connection keeps at most
 * PREPARED_STATEMENT_LIMIT statements; one that would need more is closed
 * when it is given back, and the pool opens a fresh one.
 */
export class PreparingPool implements PostgresPool {
  readonly #names = new StatementNames();
  /** The names each connection has prepared (`pg` prepares a name on first use, per connection). */
  readonly #prepared = new WeakMap<pg.PoolClient, Set<string>>();

  constructor(readonly pool: pg.Pool) {}

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.pool.connect();
    let prepared = this.#prepared.get(client);
    if (!prepared) {
      // A new connection: set up for prepared statements before its first.
      try {
        await client.query(GENERIC_PLANS);
      } catch (error) {
        client.release(true);
        throw error;
      }
      prepared = new Set();
      this.#prepared.set(client, prepared);
    }
    return new PreparingClient(client, this.#names, prepared);
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}

class PreparingClient implements PostgresPoolClient {
  #inTransaction = false;
  /** Closed on release: it holds as many statements as it may, or one it holds went stale. */
  #retire = false;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly names: StatementNames,
    private readonly prepared: Set<string>,
  ) {}

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== "string") {
      return this.client.query(sqlOrCursor as unknown as pg.Submittable) as unknown as PostgresCursor<R>;
    }
    return this.#run<R>(sqlOrCursor, [...(parameters ?? [])]);
  }

  async #run<R>(sql: string, values: unknown[]): Promise<PostgresQueryResult<R>> {
    if (/^\s*(?:begin|start)\b/i.test(sql)) this.#inTransaction = true;
    else if (/^\s*(?:commit|rollback|end)\b/i.test(sql)) this.#inTransaction = false;
    const name = isPreparable(sql) ? this.#nameFor(sql) : null;
    if (name === null) return this.#unnamed<R>(sql, values);
    try {
      this.prepared.add(name);
      return (await this.client.query({ name, text: sql, values })) as unknown as PostgresQueryResult<R>;
    } catch (error) {
      if (!isStalePreparedStatement(error)) throw error;
      this.#retire = true;
      // Nothing ran; outside a transaction the statement is simply sent again, unprepared.
      if (this.#inTransaction) throw error;
      return this.#unnamed<R>(sql, values);
    }
  }

  #nameFor(sql: string): string | null {
    const name = this.names.nameOf(sql);
    if (this.prepared.has(name)) return name;
    if (this.prepared.size >= PREPARED_STATEMENT_LIMIT) {
      this.#retire = true;
      return null;
    }
    return name;
  }

  async #unnamed<R>(sql: string, values: unknown[]): Promise<PostgresQueryResult<R>> {
    return (await this.client.query(sql, values)) as unknown as PostgresQueryResult<R>;
  }

  release(destroy?: boolean): void {
    this.client.release(destroy || this.#retire);
  }
}
