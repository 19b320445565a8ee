// What both databases' drivers prepare: the statements the app sends over
// and over, each parsed and planned once per connection and then only bound and run
// (docs/decisions/0009-statements-built-once.md).

/** Queries and writes; anything else (DDL, transaction control, settings, upkeep) is sent as it comes. */
const PREPARABLE = /^\s*(?:select|insert|update|delete|with)\b/i;
/** A statement that can change what a prepared statement returns. */
const SCHEMA_CHANGE = /^\s*(?:create|alter|drop|truncate|comment)\b/i;

/**
 * Prepared statements run on their generic plan, planned once. Left to choose,
 * PostgreSQL kept planning the list and triage statements for each run's values
 * (their generic plans' estimates are higher, their runs no slower), which on
 * the embedded database was a fifth of the list's cost.
 */
export const GENERIC_PLANS = "set plan_cache_mode = force_generic_plan";

/** How many statements one connection keeps prepared. */
export const PREPARED_STATEMENT_LIMIT = 200;

export function isPreparable(sql: string): boolean {
  return PREPARABLE.test(sql);
}

export function changesSchema(sql: string): boolean {
  return SCHEMA_CHANGE.test(sql);
}

/**
 * PostgreSQL's answers when a prepared statement cannot be used as prepared: it
 * is gone (26000, after DEALLOCATE ALL) or the table under it changed shape
 * (0A000, "cached plan must not change result type").
 */
export function isStalePreparedStatement(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "26000" || code === "0A000";
}
