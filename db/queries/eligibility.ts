import { sql, type Kysely } from "kysely";
import type { ContributorSourceKind, Database, EligibilityRuleKind } from "../schema";

export interface EligibilityRuleRow {
  id: string;
  kind: EligibilityRuleKind;
  params: Record<string, unknown>;
  created_at: Date;
  created_by: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rules in the order they were added (the page lists them so, and ties in time fall back to the id). */
export async function listEligibilityRules(db: Kysely<Database>, summitId: string): Promise<EligibilityRuleRow[]> {
  return db
    .selectFrom("eligibility_rule")
    .select(["id", "kind", "params", "created_at", "created_by"])
    .where("summit_id", "=", summitId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export async function insertEligibilityRule(
  db: Kysely<Database>,
  args: { summitId: string; kind: EligibilityRuleKind; params: Record<string, unknown>; createdBy: string | null },
): Promise<EligibilityRuleRow> {
  return db
    .insertInto("eligibility_rule")
    .values({
      summit_id: args.summitId,
      kind: args.kind,
      params: JSON.stringify(args.params),
      created_by: args.createdBy,
    })
    .returning(["id", "kind", "params", "created_at", "created_by"])
    .executeTakeFirstOrThrow();
}

/** Deletes a rule of this summit only; null when there is none with that id here. */
export async function deleteEligibilityRule(
  db: Kysely<Database>,
  args: { summitId: string; ruleId: string },
): Promise<EligibilityRuleRow | null> {
  if (!UUID.test(args.ruleId)) return null;
  return (
    (await db
      .deleteFrom("eligibility_rule")
      .where("id", "=", args.ruleId)
      .where("summit_id", "=", args.summitId)
      .returning(["id", "kind", "params", "created_at", "created_by"])
      .executeTakeFirst()) ?? null
  );
}

export interface SourceSummary {
  id: string;
  kind: ContributorSourceKind;
  label: string;
  since: string | null;
  until: string | null;
  contributors: number;
}

/** The contributor sources of a summit with how many people each counts, newest first. */
export async function listSourceSummaries(db: Kysely<Database>, summitId: string): Promise<SourceSummary[]> {
  const rows = await db
    .selectFrom("contributor_source as s")
    .leftJoin("contributor as c", "c.source_id", "s.id")
    .select([
      "s.id",
      "s.kind",
      "s.label",
      "s.since",
      "s.until",
      sql<number>`cast(count(c.email) as integer)`.as("contributors"),
    ])
    .where("s.summit_id", "=", summitId)
    .groupBy(["s.id", "s.kind", "s.label", "s.since", "s.until", "s.imported_at"])
    .orderBy("s.imported_at", "desc")
    .orderBy("s.id")
    .execute();
  return rows.map((r) => ({ ...r, contributors: Number(r.contributors) }));
}

/** A source only if it belongs to this summit: another summit's source is as good as absent (R13). */
export async function getSourceOfSummit(db: Kysely<Database>, args: { summitId: string; sourceId: string }) {
  if (!UUID.test(args.sourceId)) return null;
  return (
    (await db
      .selectFrom("contributor_source")
      .select(["id", "kind", "label", "since", "until"])
      .where("id", "=", args.sourceId)
      .where("summit_id", "=", args.summitId)
      .executeTakeFirst()) ?? null
  );
}

/** The role names of a summit's responsibilities with how many people hold each. */
export async function listResponsibilityRoles(
  db: Kysely<Database>,
  summitId: string,
): Promise<Array<{ role: string; holders: number }>> {
  const rows = await db
    .selectFrom("responsibility")
    .select(["role", sql<number>`cast(count(*) as integer)`.as("holders")])
    .where("summit_id", "=", summitId)
    .groupBy("role")
    .orderBy("role")
    .execute();
  return rows.map((r) => ({ role: r.role, holders: Number(r.holders) }));
}

export interface EligibilityData {
  rules: EligibilityRuleRow[];
  sources: Array<{ id: string; label: string; since: string | null; until: string | null }>;
  contributors: Array<{ source_id: string; email: string; name: string; commits: number }>;
  responsibilities: Array<{ role: string; email: string; name: string }>;
  aliases: Array<{ alias_email: string; canonical_email: string }>;
}

/**
 * Everything the eligibility rules of a summit need, in at most five queries
 * whatever the number of rules: the rules, the sources they name and those
 * sources' contributors (only sources of this summit, R13), the summit's
 * responsibilities (when a rule uses them) and its mailmap aliases.
 */
export async function loadEligibilityData(db: Kysely<Database>, summitId: string): Promise<EligibilityData> {
  const rules = await listEligibilityRules(db, summitId);
  const sourceIds = [
    ...new Set(
      rules
        .filter((r) => r.kind === "top_contributors")
        .map((r) => r.params.sourceId)
        .filter((id): id is string => typeof id === "string" && UUID.test(id)),
    ),
  ];
  const sources =
    sourceIds.length === 0
      ? []
      : await db
          .selectFrom("contributor_source")
          .select(["id", "label", "since", "until"])
          .where("summit_id", "=", summitId)
          .where("id", "in", sourceIds)
          .execute();
  const contributors = sources.length === 0 ? [] : await topContributorCandidates(db, summitId, rules, sources);
  const responsibilities = rules.some((r) => r.kind === "responsibility")
    ? await db
        .selectFrom("responsibility")
        .select(["role", "email", "name"])
        .where("summit_id", "=", summitId)
        .orderBy("role")
        .orderBy("email")
        .execute()
    : [];
  const aliases =
    rules.length === 0
      ? []
      : await db
          .selectFrom("email_alias")
          .select(["alias_email", "canonical_email"])
          .where("summit_id", "=", summitId)
          .execute();
  return { rules, sources, contributors, responsibilities, aliases };
}

const ALL_ROWS = 2_147_483_647;

/**
 * The contributors of these sources that a top-N rule over them could admit,
 * without reading the rest. Addresses named in a mailmap alias are always
 * read (their commits add up under one person). Every other address is its
 * own person, so if M is the largest N of the rules over a source and t the
 * M-th largest count among those other addresses, at least M people have t
 * commits or more: nobody below t can reach the N-th place, nor change the
 * rank of anyone who does. Those below t are left out.
 */
async function topContributorCandidates(
  db: Kysely<Database>,
  summitId: string,
  rules: EligibilityRuleRow[],
  sources: Array<{ id: string }>,
): Promise<EligibilityData["contributors"]> {
  const largestN = new Map<string, number>();
  for (const rule of rules) {
    if (rule.kind !== "top_contributors") continue;
    const id = rule.params.sourceId;
    const n = Number(rule.params.n);
    if (typeof id !== "string") continue;
    const wanted = Number.isInteger(n) && n > 0 ? n : ALL_ROWS;
    largestN.set(id, Math.max(largestN.get(id) ?? 0, wanted));
  }
  const wanted = sources.map((s) => sql`(${s.id}::uuid, ${largestN.get(s.id) ?? ALL_ROWS}::integer)`);
  const result = await sql<{ source_id: string; email: string; name: string; commits: number }>`
    with involved as (
      select alias_email as email from email_alias where summit_id = ${summitId}
      union
      select canonical_email from email_alias where summit_id = ${summitId}
    ),
    wanted (source_id, max_n) as (values ${sql.join(wanted)}),
    marked as (
      select c.source_id, c.email, c.name, c.commits, (i.email is not null) as involved
      from contributor c
      join wanted w on w.source_id = c.source_id
      left join involved i on i.email = c.email
    ),
    ranked as (
      select m.*, row_number() over (partition by m.source_id, m.involved order by m.commits desc) as rn
      from marked m
    ),
    threshold as (
      select r.source_id, min(r.commits) as t
      from ranked r
      join wanted w on w.source_id = r.source_id
      where not r.involved and r.rn <= w.max_n
      group by r.source_id
    )
    select r.source_id, r.email, r.name, r.commits
    from ranked r
    left join threshold th on th.source_id = r.source_id
    where r.involved or th.t is null or r.commits >= th.t
    order by r.source_id, r.commits desc, r.email
  `.execute(db);
  return result.rows.map((r) => ({ ...r, commits: Number(r.commits) }));
}

export interface EligibilitySnapshot {
  computedAt: Date;
  people: unknown;
}

export async function getEligibilitySnapshot(
  db: Kysely<Database>,
  summitId: string,
): Promise<EligibilitySnapshot | null> {
  const row = await db
    .selectFrom("eligibility_snapshot")
    .select(["computed_at", "people"])
    .where("summit_id", "=", summitId)
    .executeTakeFirst();
  return row ? { computedAt: row.computed_at, people: row.people } : null;
}

/** Replaces the summit's snapshot with this list. */
export async function putEligibilitySnapshot(
  db: Kysely<Database>,
  args: { summitId: string; computedAt: Date; people: unknown },
): Promise<void> {
  const people = JSON.stringify(args.people);
  await db
    .insertInto("eligibility_snapshot")
    .values({ summit_id: args.summitId, computed_at: args.computedAt, people })
    .onConflict((oc) => oc.column("summit_id").doUpdateSet({ computed_at: args.computedAt, people }))
    .execute();
}

export async function updateOpenSummitSettings(
  db: Kysely<Database>,
  args: { summitId: string; isOpen: boolean; capacity: number | null; seatRequestNeedsItem: boolean },
): Promise<boolean> {
  const result = await db
    .updateTable("summit")
    .set({ is_open: args.isOpen, capacity: args.capacity, seat_request_needs_item: args.seatRequestNeedsItem })
    .where("id", "=", args.summitId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The latest audit entries of rule changes, newest first: the page shows the last one's diff. */
export async function getLastEligibilityChange(db: Kysely<Database>, summitId: string) {
  return (
    (await db
      .selectFrom("audit_log")
      .leftJoin("app_user", "app_user.id", "audit_log.actor_id")
      .select(["audit_log.at", "audit_log.action", "audit_log.detail", "app_user.display_name as actorName"])
      .where("audit_log.summit_id", "=", summitId)
      .where("audit_log.action", "in", ["eligibility.rule_added", "eligibility.rule_removed"])
      .orderBy("audit_log.id", "desc")
      .limit(1)
      .executeTakeFirst()) ?? null
  );
}
