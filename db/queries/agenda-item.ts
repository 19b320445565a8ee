import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from "kysely";
import type { AgendaItemOutcomeKind, AgendaItemStatus, Database } from "../schema";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The text of an item as the proposer writes it; every revision stores the same fields. */
export interface ItemContent {
  title: string;
  outcomeKind: AgendaItemOutcomeKind;
  desiredOutcome: string;
  background: string;
  minutesNeeded: number;
  leadId: string;
  links: string[];
}

/** An item with the names of its proposer and lead, as pages show it. */
export interface AgendaItemRow {
  id: string;
  summitId: string;
  number: number;
  proposerId: string;
  proposerName: string;
  /** For mail to the proposer; pages never show it. */
  proposerEmail: string;
  leadId: string;
  leadName: string;
  title: string;
  outcomeKind: AgendaItemOutcomeKind;
  desiredOutcome: string;
  background: string;
  minutesNeeded: number;
  links: string[];
  status: AgendaItemStatus;
  statusNote: string | null;
  mergedIntoId: string | null;
  revision: number;
  cosponsorCount: number;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
}

function asDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

function itemColumns(db: Kysely<Database>) {
  return db
    .selectFrom("agenda_item as i")
    .innerJoin("app_user as p", "p.id", "i.proposer_id")
    .innerJoin("app_user as l", "l.id", "i.lead_id")
    .select([
      "i.id",
      "i.summit_id as summitId",
      "i.number",
      "i.proposer_id as proposerId",
      "p.display_name as proposerName",
      "p.email as proposerEmail",
      "i.lead_id as leadId",
      "l.display_name as leadName",
      "i.title",
      "i.outcome_kind as outcomeKind",
      "i.desired_outcome as desiredOutcome",
      "i.background",
      "i.minutes_needed as minutesNeeded",
      "i.links",
      "i.status",
      "i.status_note as statusNote",
      "i.merged_into_id as mergedIntoId",
      "i.revision",
      "i.cosponsor_count as cosponsorCount",
      "i.created_at as createdAt",
      "i.updated_at as updatedAt",
      "i.submitted_at as submittedAt",
    ]);
}

type RawItem = Awaited<ReturnType<ReturnType<typeof itemColumns>["executeTakeFirstOrThrow"]>>;

function asItem(row: RawItem): AgendaItemRow {
  return {
    ...row,
    number: Number(row.number),
    minutesNeeded: Number(row.minutesNeeded),
    revision: Number(row.revision),
    cosponsorCount: Number(row.cosponsorCount),
    links: Array.isArray(row.links) ? row.links : [],
    createdAt: asDate(row.createdAt),
    updatedAt: asDate(row.updatedAt),
    submittedAt: row.submittedAt === null ? null : asDate(row.submittedAt),
  };
}

/**
 * Locks the summit row for a change to its items: numbers are handed out one
 * at a time, and no item changes while an organizer moves the phase.
 */
export async function lockSummitForItems(db: Kysely<Database>, summitId: string) {
  return db.selectFrom("summit").selectAll().where("id", "=", summitId).forUpdate().executeTakeFirst();
}

export async function nextItemNumber(db: Kysely<Database>, summitId: string): Promise<number> {
  const row = await db
    .selectFrom("agenda_item")
    .select(sql<number>`coalesce(max(number), 0)::int + 1`.as("n"))
    .where("summit_id", "=", summitId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** An item's text as the columns of both the item and its revisions store it. */
function contentColumns(content: ItemContent) {
  return {
    title: content.title,
    outcome_kind: content.outcomeKind,
    desired_outcome: content.desiredOutcome,
    background: content.background,
    minutes_needed: content.minutesNeeded,
    lead_id: content.leadId,
    links: JSON.stringify(content.links),
  };
}

export async function insertAgendaItem(
  db: Kysely<Database>,
  args: {
    summitId: string;
    number: number;
    proposerId: string;
    content: ItemContent;
    status: "draft" | "submitted";
    now: Date;
  },
): Promise<{ id: string; number: number }> {
  const row = await db
    .insertInto("agenda_item")
    .values({
      summit_id: args.summitId,
      number: args.number,
      proposer_id: args.proposerId,
      ...contentColumns(args.content),
      status: args.status,
      created_at: args.now,
      updated_at: args.now,
      submitted_at: args.status === "submitted" ? args.now : null,
    })
    .returning(["id", "number"])
    .executeTakeFirstOrThrow();
  return { id: row.id, number: Number(row.number) };
}

export async function insertItemRevision(
  db: Kysely<Database>,
  args: { itemId: string; revision: number; authorId: string; content: ItemContent; now: Date },
): Promise<void> {
  await db
    .insertInto("agenda_item_revision")
    .values({
      item_id: args.itemId,
      revision: args.revision,
      author_id: args.authorId,
      created_at: args.now,
      ...contentColumns(args.content),
    })
    .execute();
}

/**
 * Writes a new revision of the text, only if nobody saved one since
 * `expectedRevision` was read; false otherwise, so an edit is never lost.
 */
export async function updateItemContent(
  db: Kysely<Database>,
  args: { itemId: string; expectedRevision: number; content: ItemContent; now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable("agenda_item")
    .set({
      ...contentColumns(args.content),
      revision: args.expectedRevision + 1,
      updated_at: args.now,
    })
    .where("id", "=", args.itemId)
    .where("revision", "=", args.expectedRevision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Moves an item from `from` to `to`; false when its status changed meanwhile. */
export async function setItemStatus(
  db: Kysely<Database>,
  args: {
    itemId: string;
    from: AgendaItemStatus;
    to: AgendaItemStatus;
    note: string | null;
    mergedIntoId?: string | null;
    now: Date;
  },
): Promise<boolean> {
  const result = await db
    .updateTable("agenda_item")
    .set({
      status: args.to,
      status_note: args.note,
      merged_into_id: args.mergedIntoId ?? null,
      updated_at: args.now,
      ...(args.to === "submitted" ? { submitted_at: sql<Date>`coalesce(submitted_at, ${args.now})` } : {}),
    })
    .where("id", "=", args.itemId)
    .where("status", "=", args.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function getAgendaItemByNumber(
  db: Kysely<Database>,
  args: { summitId: string; number: number },
): Promise<AgendaItemRow | null> {
  const row = await itemColumns(db)
    .where("i.summit_id", "=", args.summitId)
    .where("i.number", "=", args.number)
    .executeTakeFirst();
  return row ? asItem(row) : null;
}

/** As `getAgendaItemByNumber`, holding the row until the transaction ends. */
export async function lockAgendaItemByNumber(
  db: Kysely<Database>,
  args: { summitId: string; number: number },
): Promise<AgendaItemRow | null> {
  const row = await itemColumns(db)
    .where("i.summit_id", "=", args.summitId)
    .where("i.number", "=", args.number)
    .forUpdate("i")
    .executeTakeFirst();
  return row ? asItem(row) : null;
}

export async function getItemNumberById(db: Kysely<Database>, itemId: string): Promise<number | null> {
  if (!UUID.test(itemId)) return null;
  const row = await db.selectFrom("agenda_item").select("number").where("id", "=", itemId).executeTakeFirst();
  return row ? Number(row.number) : null;
}

export interface ItemRevisionRow extends ItemContent {
  revision: number;
  authorName: string | null;
  leadName: string | null;
  createdAt: Date;
}

/** Every revision of an item, oldest first. */
export async function listItemRevisions(db: Kysely<Database>, itemId: string): Promise<ItemRevisionRow[]> {
  const rows = await db
    .selectFrom("agenda_item_revision as r")
    .leftJoin("app_user as a", "a.id", "r.author_id")
    .leftJoin("app_user as l", "l.id", "r.lead_id")
    .select([
      "r.revision",
      "r.title",
      "r.outcome_kind as outcomeKind",
      "r.desired_outcome as desiredOutcome",
      "r.background",
      "r.minutes_needed as minutesNeeded",
      "r.lead_id as leadId",
      "r.links",
      "r.created_at as createdAt",
      "a.display_name as authorName",
      "l.display_name as leadName",
    ])
    .where("r.item_id", "=", itemId)
    .orderBy("r.revision")
    .execute();
  return rows.map((r) => ({
    ...r,
    revision: Number(r.revision),
    minutesNeeded: Number(r.minutesNeeded),
    leadId: r.leadId ?? "",
    links: Array.isArray(r.links) ? r.links : [],
    createdAt: asDate(r.createdAt),
  }));
}

// ---------------------------------------------------------------------------
// Co-sponsors

async function recountCosponsors(db: Kysely<Database>, itemId: string): Promise<number> {
  const row = await db
    .updateTable("agenda_item")
    .set({
      cosponsor_count: (eb) =>
        eb
          .selectFrom("agenda_item_cosponsor")
          .select(sql<number>`count(*)::int`.as("n"))
          .where("agenda_item_cosponsor.item_id", "=", itemId),
    })
    .where("id", "=", itemId)
    .returning("cosponsor_count")
    .executeTakeFirst();
  return Number(row?.cosponsor_count ?? 0);
}

/** False when this person already co-sponsors the item. */
export async function addCosponsor(
  db: Kysely<Database>,
  args: { itemId: string; userId: string; now: Date },
): Promise<boolean> {
  const row = await db
    .insertInto("agenda_item_cosponsor")
    .values({ item_id: args.itemId, user_id: args.userId, created_at: args.now })
    .onConflict((oc) => oc.columns(["item_id", "user_id"]).doNothing())
    .returning("item_id")
    .executeTakeFirst();
  if (!row) return false;
  await recountCosponsors(db, args.itemId);
  return true;
}

/** False when this person did not co-sponsor the item. */
export async function removeCosponsor(
  db: Kysely<Database>,
  args: { itemId: string; userId: string },
): Promise<boolean> {
  const result = await db
    .deleteFrom("agenda_item_cosponsor")
    .where("item_id", "=", args.itemId)
    .where("user_id", "=", args.userId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) return false;
  await recountCosponsors(db, args.itemId);
  return true;
}

/**
 * Carries a merged item's support over to the item it joins: its co-sponsors
 * and its proposer, except the target's own proposer. Returns how many were added.
 */
export async function carryCosponsorsOver(
  db: Kysely<Database>,
  args: { fromItemId: string; toItemId: string; now: Date },
): Promise<number> {
  const target = await db
    .selectFrom("agenda_item")
    .select("proposer_id")
    .where("id", "=", args.toItemId)
    .executeTakeFirstOrThrow();
  const source = await db
    .selectFrom("agenda_item")
    .select("proposer_id")
    .where("id", "=", args.fromItemId)
    .executeTakeFirstOrThrow();
  const supporters = await db
    .selectFrom("agenda_item_cosponsor")
    .select("user_id")
    .where("item_id", "=", args.fromItemId)
    .execute();
  const userIds = [...new Set([source.proposer_id, ...supporters.map((s) => s.user_id)])].filter(
    (id) => id !== target.proposer_id,
  );
  if (userIds.length === 0) return 0;
  const added = await db
    .insertInto("agenda_item_cosponsor")
    .values(userIds.map((userId) => ({ item_id: args.toItemId, user_id: userId, created_at: args.now })))
    .onConflict((oc) => oc.columns(["item_id", "user_id"]).doNothing())
    .returning("user_id")
    .execute();
  await recountCosponsors(db, args.toItemId);
  return added.length;
}

export async function listCosponsorNames(
  db: Kysely<Database>,
  itemId: string,
): Promise<{ id: string; name: string }[]> {
  const rows = await db
    .selectFrom("agenda_item_cosponsor as c")
    .innerJoin("app_user as u", "u.id", "c.user_id")
    .select(["u.id", "u.display_name as name"])
    .where("c.item_id", "=", itemId)
    .orderBy("c.created_at")
    .orderBy("u.display_name")
    .execute();
  return rows;
}

/** Who may lead a discussion: the attendees, minute-takers and organizers, by name. */
export async function listLeadCandidates(
  db: Kysely<Database>,
  summitId: string,
): Promise<{ id: string; name: string }[]> {
  const rows = await db
    .selectFrom("app_user as u")
    .select(["u.id", "u.display_name as name"])
    .where("u.deactivated_at", "is", null)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom("invitation")
            .select("invitation.id")
            .whereRef("invitation.user_id", "=", "u.id")
            .where("invitation.summit_id", "=", summitId)
            .where("invitation.status", "=", "accepted"),
        ),
        eb.exists(
          eb
            .selectFrom("summit_role")
            .select("summit_role.user_id")
            .whereRef("summit_role.user_id", "=", "u.id")
            .where("summit_role.summit_id", "=", summitId),
        ),
      ]),
    )
    .orderBy("u.display_name")
    .orderBy("u.id")
    .execute();
  return rows;
}

// ---------------------------------------------------------------------------
// The list

export type ItemSort = "newest" | "cosponsors";

export interface ItemListQuery {
  summitId: string;
  viewer: { userId: string | null; isParticipant: boolean; agendaPublic: boolean };
  statuses?: AgendaItemStatus[];
  outcomeKind?: AgendaItemOutcomeKind;
  /** Words that must each appear in the discussion lead's name. */
  leadWords?: string[];
  /** Words that must each appear in the title, desired outcome or background. */
  words?: string[];
  sort: ItemSort;
  limit: number;
  offset: number;
}

/** What the viewer may see (the same rule as the domain's canSeeItem, in SQL). */
function visibleTo(viewer: ItemListQuery["viewer"]) {
  return (eb: ExpressionBuilder<Database & { i: Database["agenda_item"] }, "i">): Expression<SqlBool> => {
    const others: Expression<SqlBool>[] = [];
    if (viewer.isParticipant) others.push(eb("i.status", "!=", "draft"));
    else if (viewer.agendaPublic) others.push(eb("i.status", "=", "accepted"));
    if (viewer.userId && UUID.test(viewer.userId)) others.push(eb("i.proposer_id", "=", viewer.userId));
    return others.length > 0 ? eb.or(others) : sql<SqlBool>`false`;
  };
}

function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function filtered(db: Kysely<Database>, q: ItemListQuery) {
  let query = db.selectFrom("agenda_item as i").where("i.summit_id", "=", q.summitId).where(visibleTo(q.viewer));
  if (q.statuses && q.statuses.length > 0) query = query.where("i.status", "in", q.statuses);
  if (q.outcomeKind) query = query.where("i.outcome_kind", "=", q.outcomeKind);
  if (q.leadWords && q.leadWords.length > 0) {
    const leadWords = q.leadWords;
    query = query.where((eb) =>
      eb(
        "i.lead_id",
        "in",
        leadWords.reduce(
          (people, word) => people.where(sql<SqlBool>`display_name ilike ${`%${escapeLike(word)}%`} escape '\\'`),
          eb.selectFrom("app_user").select("app_user.id"),
        ),
      ),
    );
  }
  for (const word of q.words ?? []) {
    const pattern = `%${escapeLike(word)}%`;
    query = query.where((eb) =>
      eb.or([
        sql<SqlBool>`i.title ilike ${pattern} escape '\\'`,
        sql<SqlBool>`i.desired_outcome ilike ${pattern} escape '\\'`,
        sql<SqlBool>`i.background ilike ${pattern} escape '\\'`,
      ]),
    );
  }
  return query;
}

export interface ItemListRow {
  number: number;
  title: string;
  outcomeKind: AgendaItemOutcomeKind;
  desiredOutcome: string;
  status: AgendaItemStatus;
  minutesNeeded: number;
  cosponsorCount: number;
  proposerName: string;
  leadId: string;
  leadName: string;
  createdAt: Date;
}

/**
 * One page of the items the viewer may see, and how many there are in all.
 * The page is chosen on the items alone and only its rows are joined to
 * their people: joining every item before sorting cost more than the rest
 * of the page together. The total is a plain count beside it (a window
 * count in the same query measured slower).
 */
export async function listAgendaItems(
  db: Kysely<Database>,
  q: ItemListQuery,
): Promise<{ items: ItemListRow[]; total: number; totalVisible: number }> {
  const byCosponsors = q.sort === "cosponsors";
  let chosen = filtered(db, q).select([
    "i.number",
    "i.title",
    "i.outcome_kind",
    "i.desired_outcome",
    "i.status",
    "i.minutes_needed",
    "i.cosponsor_count",
    "i.proposer_id",
    "i.lead_id",
    "i.created_at",
  ]);
  chosen = byCosponsors
    ? chosen.orderBy("i.cosponsor_count", "desc").orderBy("i.number", "desc")
    : chosen.orderBy("i.created_at", "desc").orderBy("i.number", "desc");
  let page = db
    .selectFrom(chosen.limit(q.limit).offset(q.offset).as("page"))
    .innerJoin("app_user as p", "p.id", "page.proposer_id")
    .innerJoin("app_user as l", "l.id", "page.lead_id")
    .select([
      "page.number",
      "page.title",
      "page.outcome_kind as outcomeKind",
      "page.desired_outcome as desiredOutcome",
      "page.status",
      "page.minutes_needed as minutesNeeded",
      "page.cosponsor_count as cosponsorCount",
      "p.display_name as proposerName",
      "page.lead_id as leadId",
      "l.display_name as leadName",
      "page.created_at as createdAt",
    ]);
  page = byCosponsors
    ? page.orderBy("page.cosponsor_count", "desc").orderBy("page.number", "desc")
    : page.orderBy("page.created_at", "desc").orderBy("page.number", "desc");
  const countOf = async (query: ItemListQuery) =>
    Number(
      (
        await filtered(db, query)
          .select(sql<number>`count(*)::int`.as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const hasFilters = Boolean(q.statuses?.length || q.outcomeKind || q.leadWords?.length || q.words?.length);
  const unfiltered = { summitId: q.summitId, viewer: q.viewer, sort: q.sort, limit: q.limit, offset: q.offset };
  const [rows, total, visible] = await Promise.all([
    page.execute(),
    countOf(q),
    hasFilters ? countOf(unfiltered) : null,
  ]);
  return {
    items: rows.map((r) => ({
      ...r,
      number: Number(r.number),
      minutesNeeded: Number(r.minutesNeeded),
      cosponsorCount: Number(r.cosponsorCount),
      createdAt: asDate(r.createdAt),
    })),
    total,
    totalVisible: visible ?? total,
  };
}

/** Items waiting on the organizers, and the live items others may be merged into, oldest first. */
export async function listItemsForTriage(db: Kysely<Database>, summitId: string) {
  const rows = await db
    .selectFrom("agenda_item as i")
    .innerJoin("app_user as p", "p.id", "i.proposer_id")
    .innerJoin("app_user as l", "l.id", "i.lead_id")
    .select([
      "i.number",
      "i.title",
      "i.outcome_kind as outcomeKind",
      "i.desired_outcome as desiredOutcome",
      "i.status",
      "i.status_note as statusNote",
      "i.minutes_needed as minutesNeeded",
      "i.cosponsor_count as cosponsorCount",
      "p.display_name as proposerName",
      "l.display_name as leadName",
      "i.submitted_at as submittedAt",
    ])
    .where("i.summit_id", "=", summitId)
    .where("i.status", "in", ["submitted", "returned", "accepted", "declined"])
    .orderBy("i.number")
    .execute();
  return rows.map((r) => ({
    ...r,
    number: Number(r.number),
    minutesNeeded: Number(r.minutesNeeded),
    cosponsorCount: Number(r.cosponsorCount),
    submittedAt: r.submittedAt === null ? null : asDate(r.submittedAt),
  }));
}

/** Numbers of the items that were merged into this one. */
export async function listItemsMergedInto(db: Kysely<Database>, itemId: string) {
  const rows = await db
    .selectFrom("agenda_item")
    .select(["number", "title"])
    .where("merged_into_id", "=", itemId)
    .orderBy("number")
    .execute();
  return rows.map((r) => ({ number: Number(r.number), title: r.title }));
}
