import { createQueryId, type Compilable, type CompiledQuery, type Kysely } from "kysely";
import type { Database } from "../schema";

/** Where one of the arguments goes while the query is built: replaced by its value on each run. */
class Slot {
  constructor(readonly key: string) {}
}

interface Compiled {
  query: CompiledQuery["query"];
  sql: string;
  /** Per parameter: the argument it takes, or null for a value the query itself holds. */
  slots: Array<string | null>;
  parameters: readonly unknown[];
}

/**
 * A query built and compiled once per database (and per shape, when its shape
 * depends on options), then run with each call's arguments as its parameters.
 * Building a page's query tree and compiling it cost more of the server's
 * time than the database took to answer it (0.3 ms for the viewer's read,
 * 0.7 ms of Kysely per item page).
 *
 * `build` must use each argument only as a value of the query (compared,
 * inserted, limited by), never look at it: it runs once, with stand-ins.
 * What changes the statement's text belongs in `shape`.
 * (docs/decisions/0009-statements-built-once.md)
 */
export function compiledOnce<Args extends object, Row, Shape = void>(
  build: (db: Kysely<Database>, args: Args, shape: Shape) => Compilable<Row>,
  shapeKey: (shape: Shape) => string = () => "",
): (db: Kysely<Database>, args: Args, shape: Shape) => Promise<Row[]> {
  // A transaction, or a database with plugins, is another Kysely instance: its own entries.
  const byDatabase = new WeakMap<Kysely<Database>, Map<string, Compiled>>();
  return async (db, args, shape) => {
    let shapes = byDatabase.get(db);
    if (!shapes) {
      shapes = new Map();
      byDatabase.set(db, shapes);
    }
    const key = shapeKey(shape);
    let compiled = shapes.get(key);
    if (!compiled) {
      const standIns = new Proxy({} as Args, { get: (_, name) => new Slot(String(name)) });
      const { query, sql, parameters } = build(db, standIns, shape).compile();
      compiled = { query, sql, parameters, slots: parameters.map((p) => (p instanceof Slot ? p.key : null)) };
      shapes.set(key, compiled);
    }
    const { slots } = compiled;
    const values = args as Record<string, unknown>;
    const parameters = compiled.parameters.map((value, i) => (slots[i] === null ? value : values[slots[i]!]));
    const result = await db.executeQuery<Row>({
      query: compiled.query,
      sql: compiled.sql,
      parameters,
      queryId: createQueryId(),
    });
    return result.rows;
  };
}
