import { sql, type Kysely } from "kysely";

export interface TableFingerprint {
  rows: number;
  /** MD5 over every row's text, in a fixed order: equal content gives an equal hash. */
  hash: string;
}

/** Row count and ordered content hash of every table in the current schema. */
export async function fingerprintTables<DB>(db: Kysely<DB>): Promise<Record<string, TableFingerprint>> {
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`.execute(db);
  const result: Record<string, TableFingerprint> = {};
  for (const { name } of tables) {
    const { rows } = await sql<{ rows: number; hash: string }>`
      select count(*)::int as rows,
             md5(coalesce(string_agg(t::text, E'\n' order by t::text), '')) as hash
      from ${sql.table(name)} as t`.execute(db);
    result[name] = rows[0]!;
  }
  return result;
}
