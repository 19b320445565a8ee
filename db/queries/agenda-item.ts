import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { AgendaItemOutcomeKind, AgendaItemStatus, Database } from "../schema";
import { compiledOnce } from "./compiled-once";

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

export interface ItemRevisionRow extends ItemContent {
  revision: number;
  authorName: string | null;
  leadName: string | null;
  createdAt: Date;
}

/** An item with everything its page shows of it but the audit history. */
export interface ItemPageRow extends AgendaItemRow {
  /** The number of the item this one was merged into, if it was. */
  mergedIntoNumber: number | null;
  /** The items merged into this one, by number. */
  mergedFrom: { number: number; title: string }[];
  /** Its co-sponsors, first to back it first. */
  cosponsors: { id: string; name: string }[];
  /** Every revision of its text, oldest first. */
  revisions: ItemRevisionRow[];
}

/**
 * An item for its page, in one statement: the item and its people, the item
 * it was merged into, those merged into it, its co-sponsors and its revisions
 * (each list gathered as JSON beside the row).
 */
/** The statement of an item's page, built once: the item with its merges, co-sponsors and revisions. */
const itemPageStatement = compiledOnce((db, args: { summitId: string; number: number }) =>
  itemColumns(db)
    .leftJoin("agenda_item as m", "m.id", "i.merged_into_id")
    .select((eb) => [
      "m.number as mergedIntoNumber",
      jsonArrayFrom(
        eb
          .selectFrom("agenda_item as f")
          .select(["f.number", "f.title"])
          .whereRef("f.merged_into_id", "=", "i.id")
          .orderBy("f.number"),
      ).as("mergedFrom"),
      jsonArrayFrom(
        eb
          .selectFrom("agenda_item_cosponsor as c")
          .innerJoin("app_user as u", "u.id", "c.user_id")
          .select(["u.id", "u.display_name as name"])
          .whereRef("c.item_id", "=", "i.id")
          .orderBy("c.created_at")
          .orderBy("u.display_name"),
      ).as("cosponsors"),
      jsonArrayFrom(
        eb
          .selectFrom("agenda_item_revision as r")
          .leftJoin("app_user as a", "a.id", "r.author_id")
          .leftJoin("app_user as rl", "rl.id", "r.lead_id")
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
            "rl.display_name as leadName",
          ])
          .whereRef("r.item_id", "=", "i.id")
          .orderBy("r.revision"),
      ).as("revisions"),
    ])
    .where("i.summit_id", "=", args.summitId)
    .where("i.number", "=", args.number),
);

export async function getItemPageRow(
  db: Kysely<Database>,
  args: { summitId: string; number: number },
): Promise<ItemPageRow | null> {
  const [row] = await itemPageStatement(db, args);
  if (!row) return null;
  const { mergedIntoNumber, mergedFrom, cosponsors, revisions, ...item } = row;
  return {
    ...asItem(item),
    mergedIntoNumber: mergedIntoNumber === null ? null : Number(mergedIntoNumber),
    mergedFrom: mergedFrom.map((m) => ({ number: Number(m.number), title: m.title })),
    cosponsors,
    revisions: revisions.map((r) => ({
      ...r,
      revision: Number(r.revision),
      minutesNeeded: Number(r.minutesNeeded),
      leadId: r.leadId ?? "",
      links: Array.isArray(r.links) ? r.links : [],
      createdAt: asDate(r.createdAt),
    })),
  };
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

/** Filters on an item's kind, lead and words, shared by the list and the triage page. */
export interface ItemFilters {
  outcomeKind?: AgendaItemOutcomeKind;
  /** Words that must each appear in the discussion lead's name. */
  leadWords?: string[];
  /** Words that must each appear in the title, desired outcome or background. */
  words?: string[];
}

export interface ItemListQuery extends ItemFilters {
  summitId: string;
  viewer: { userId: string | null; isParticipant: boolean; agendaPublic: boolean };
  statuses?: AgendaItemStatus[];
  sort: ItemSort;
  limit: number;
  offset: number;
}

type ItemExpressions = ExpressionBuilder<Database & { i: Database["agenda_item"] }, "i">;

/** Who is asking, as the list's statement sees it: what its text depends on. */
interface ListViewerShape {
  isParticipant: boolean;
  agendaPublic: boolean;
  /** Signed in with a valid id: their own items are theirs to see whatever their status. */
  seesOwnItems: boolean;
}

/** What the viewer may see (the same rule as the domain's canSeeItem, in SQL); `userId` as a value of the statement. */
function visibleTo(viewer: ListViewerShape, userId: string) {
  return (eb: ItemExpressions): Expression<SqlBool> => {
    const others: Expression<SqlBool>[] = [];
    if (viewer.isParticipant) others.push(eb("i.status", "!=", "draft"));
    else if (viewer.agendaPublic) others.push(eb("i.status", "=", "accepted"));
    if (viewer.seesOwnItems) others.push(eb("i.proposer_id", "=", userId));
    return others.length > 0 ? eb.or(others) : sql<SqlBool>`false`;
  };
}

function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function hasFilters(f: ItemFilters): boolean {
  return Boolean(f.outcomeKind || f.leadWords?.length || f.words?.length);
}

/** The filters as one condition on `i`, for a where clause or an aggregate's filter. */
function matching(f: ItemFilters) {
  return (eb: ItemExpressions): Expression<SqlBool> => {
    const conditions: Expression<SqlBool>[] = [];
    if (f.outcomeKind) conditions.push(eb("i.outcome_kind", "=", f.outcomeKind));
    if (f.leadWords && f.leadWords.length > 0) {
      conditions.push(
        eb(
          "i.lead_id",
          "in",
          f.leadWords.reduce(
            (people, word) => people.where(sql<SqlBool>`display_name ilike ${`%${escapeLike(word)}%`} escape '\\'`),
            eb.selectFrom("app_user").select("app_user.id"),
          ),
        ),
      );
    }
    for (const word of f.words ?? []) {
      const pattern = `%${escapeLike(word)}%`;
      conditions.push(
        eb.or([
          sql<SqlBool>`i.title ilike ${pattern} escape '\\'`,
          sql<SqlBool>`i.desired_outcome ilike ${pattern} escape '\\'`,
          sql<SqlBool>`i.background ilike ${pattern} escape '\\'`,
        ]),
      );
    }
    return eb.and(conditions);
  };
}

/** The values of the list's statement. */
interface ListArgs {
  summitId: string;
  userId: string;
  limit: number;
  offset: number;
}

/** What the list statement's text depends on, besides its filters. */
interface ListShape {
  viewer: ListViewerShape;
  statuses: readonly AgendaItemStatus[];
  sort: ItemSort;
}

/** The items of the summit that the viewer may see, with the statuses and filters. */
function filtered(db: Kysely<Database>, a: ListArgs, shape: ListShape, filters: ItemFilters | null) {
  let query = db
    .selectFrom("agenda_item as i")
    .where("i.summit_id", "=", a.summitId)
    .where(visibleTo(shape.viewer, a.userId));
  if (shape.statuses.length > 0) query = query.where("i.status", "in", [...shape.statuses]);
  return filters ? query.where(matching(filters)) : query;
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

/** The columns every page of items reads, as a page joined laterally to its counts returns them (nullable). */
interface PageRowColumns {
  number: number | null;
  title: string | null;
  outcomeKind: AgendaItemOutcomeKind | null;
  desiredOutcome: string | null;
  status: AgendaItemStatus | null;
  minutesNeeded: number | null;
  cosponsorCount: number | null;
  proposerName: string | null;
  leadName: string | null;
}

type ListedColumns = { [K in keyof PageRowColumns]: NonNullable<PageRowColumns[K]> };

/**
 * The items of a page read with its counts: an empty page is the counts' row
 * alone, its page columns null; every other row is an item, `item` adding
 * what its page reads beyond the common columns.
 */
function pageItems<R extends PageRowColumns, T>(rows: readonly R[], item: (row: R, listed: ListedColumns) => T): T[] {
  const items: T[] = [];
  for (const r of rows) {
    if (r.number === null) continue;
    items.push(
      item(r, {
        number: Number(r.number),
        title: r.title!,
        outcomeKind: r.outcomeKind!,
        desiredOutcome: r.desiredOutcome!,
        status: r.status!,
        minutesNeeded: Number(r.minutesNeeded),
        cosponsorCount: Number(r.cosponsorCount),
        proposerName: r.proposerName!,
        leadName: r.leadName!,
      }),
    );
  }
  return items;
}

function listStatement(db: Kysely<Database>, a: ListArgs, shape: ListShape, filters: ItemFilters | null) {
  const byCosponsors = shape.sort === "cosponsors";
  let chosen = filtered(db, a, shape, filters).select([
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
  const page = db
    .selectFrom(chosen.limit(a.limit).offset(a.offset).as("chosen"))
    .innerJoin("app_user as p", "p.id", "chosen.proposer_id")
    .innerJoin("app_user as l", "l.id", "chosen.lead_id")
    .select([
      "chosen.number",
      "chosen.title",
      "chosen.outcome_kind as outcomeKind",
      "chosen.desired_outcome as desiredOutcome",
      "chosen.status",
      "chosen.minutes_needed as minutesNeeded",
      "chosen.cosponsor_count as cosponsorCount",
      "p.display_name as proposerName",
      "chosen.lead_id as leadId",
      "l.display_name as leadName",
      "chosen.created_at as createdAt",
    ]);
  // Every item the viewer may see is counted; those that match the statuses and filters are counted apart.
  const narrowed = shape.statuses.length > 0 || filters !== null;
  const counts = db
    .selectFrom("agenda_item as i")
    .where("i.summit_id", "=", a.summitId)
    .where(visibleTo(shape.viewer, a.userId))
    .select((eb) => [
      eb.fn.countAll<number | string>().as("visible"),
      (narrowed
        ? eb.fn.countAll<number | string>().filterWhere((fb) => {
            const conditions: Expression<SqlBool>[] = [];
            if (shape.statuses.length > 0) conditions.push(fb("i.status", "in", [...shape.statuses]));
            if (filters) conditions.push(matching(filters)(fb));
            return fb.and(conditions);
          })
        : eb.fn.countAll<number | string>()
      ).as("total"),
    ]);
  const rows = db
    .selectFrom(counts.as("c"))
    .leftJoinLateral(page.as("page"), (join) => join.onTrue())
    .select(["c.visible", "c.total"])
    .selectAll("page");
  return byCosponsors
    ? rows.orderBy("page.cosponsorCount", "desc").orderBy("page.number", "desc")
    : rows.orderBy("page.createdAt", "desc").orderBy("page.number", "desc");
}

const unfilteredListStatement = compiledOnce(
  (db, a: ListArgs, shape: ListShape) => listStatement(db, a, shape, null),
  (shape) => JSON.stringify(shape),
);

/**
 * One page of the items the viewer may see, how many match and how many
 * there are in all, in one statement: the counts are one row that the page
 * joins laterally, so they come back even when the page is empty (each
 * statement costs a round trip, on PostgreSQL a page's largest cost). The
 * page is chosen on the items alone and only its rows are joined to their
 * people: joining every item before sorting cost more than the rest of the
 * page together. The matching items are counted by an aggregate filter (a
 * window count measured slower).
 */
export async function listAgendaItems(
  db: Kysely<Database>,
  q: ItemListQuery,
): Promise<{ items: ItemListRow[]; total: number; totalVisible: number }> {
  const userId = q.viewer.userId !== null && UUID.test(q.viewer.userId) ? q.viewer.userId : null;
  const args: ListArgs = { summitId: q.summitId, userId: userId ?? "", limit: q.limit, offset: q.offset };
  const shape: ListShape = {
    viewer: {
      isParticipant: q.viewer.isParticipant,
      agendaPublic: q.viewer.agendaPublic,
      seesOwnItems: userId !== null,
    },
    statuses: q.statuses ?? [],
    sort: q.sort,
  };
  // Filtered, the statement holds the filters' words: built afresh. Unfiltered, it is built once per shape.
  const found = hasFilters(q)
    ? await listStatement(db, args, shape, q).execute()
    : await unfilteredListStatement(db, args, shape);
  const items = pageItems(found, (r, listed) => ({ ...listed, leadId: r.leadId!, createdAt: asDate(r.createdAt!) }));
  return { items, total: Number(found[0]?.total ?? 0), totalVisible: Number(found[0]?.visible ?? 0) };
}

// ---------------------------------------------------------------------------
// Triage

export interface TriageListQuery extends ItemFilters {
  summitId: string;
  /** The statuses shown, in the order of their groups; at least one. */
  statuses: readonly AgendaItemStatus[];
  limit: number;
  offset: number;
}

export interface TriageRow {
  number: number;
  title: string;
  outcomeKind: AgendaItemOutcomeKind;
  desiredOutcome: string;
  status: AgendaItemStatus;
  statusNote: string | null;
  minutesNeeded: number;
  cosponsorCount: number;
  proposerName: string;
  leadName: string;
}

/** How many items a status holds, and how many of them match the filters. */
export interface StatusCount {
  all: number;
  matching: number;
}

/**
 * The triage page's data in one statement: one page of the items in the
 * given statuses, grouped by status in the order given and oldest first in
 * each group, and for each of `counts` its items with and without the
 * filters. The counts are one row that the page joins laterally, so they come
 * back even when the page is empty; each statement costs a round trip, and on
 * PostgreSQL the round trips were a page's largest cost. As for the list, the
 * page is chosen on the items alone and only its rows are joined to their
 * people.
 */
/** What the triage statement's values are: the summit and the page. */
interface TriageArgs {
  summitId: string;
  /** How many of each status's first items the page is taken from. */
  firstLimit: number;
  limit: number;
  offset: number;
}

/** What its text depends on: the statuses shown and the statuses counted. */
interface TriageShape {
  statuses: readonly AgendaItemStatus[];
  counts: readonly AgendaItemStatus[];
}

function triageStatement(db: Kysely<Database>, a: TriageArgs, shape: TriageShape, filters: ItemFilters | null) {
  // Each status's first items, read in number order from the (summit, status, number) index, and then
  // the page taken from them: sorting every item of the statuses by group cost more than the page.
  const firstOfEachStatus = shape.statuses
    .map((status, index) => {
      let ofStatus = db
        .selectFrom("agenda_item as i")
        .where("i.summit_id", "=", a.summitId)
        .where("i.status", "=", status);
      if (filters) ofStatus = ofStatus.where(matching(filters));
      const first = ofStatus
        .select([
          "i.number",
          "i.title",
          "i.outcome_kind",
          "i.desired_outcome",
          "i.status",
          "i.status_note",
          "i.minutes_needed",
          "i.cosponsor_count",
          "i.proposer_id",
          "i.lead_id",
          sql.lit(index).as("status_group"),
        ])
        .orderBy("i.number")
        .limit(a.firstLimit);
      return db.selectFrom(first.as(`group_${index}`)).selectAll();
    })
    .reduce((all, next) => all.unionAll(next));
  const page = db
    .selectFrom(
      db
        .selectFrom(firstOfEachStatus.as("first"))
        .selectAll()
        .orderBy("first.status_group")
        .orderBy("first.number")
        .limit(a.limit)
        .offset(a.offset)
        .as("chosen"),
    )
    .innerJoin("app_user as p", "p.id", "chosen.proposer_id")
    .innerJoin("app_user as l", "l.id", "chosen.lead_id")
    .select([
      "chosen.number",
      "chosen.title",
      "chosen.outcome_kind as outcomeKind",
      "chosen.desired_outcome as desiredOutcome",
      "chosen.status",
      "chosen.status_note as statusNote",
      "chosen.minutes_needed as minutesNeeded",
      "chosen.cosponsor_count as cosponsorCount",
      "p.display_name as proposerName",
      "l.display_name as leadName",
      "chosen.status_group as statusGroup",
    ]);
  // One array per kind of count, in the order of `shape.counts`.
  const counts = db
    .selectFrom("agenda_item as i")
    .where("i.summit_id", "=", a.summitId)
    .where("i.status", "in", [...shape.counts])
    .select((eb) => {
      const countsOf = (narrow: (status: AgendaItemStatus) => Expression<SqlBool>) =>
        sql<
          number[]
        >`array[${sql.join(shape.counts.map((status) => eb.fn.countAll().filterWhere(narrow(status))))}]::int[]`;
      return [
        countsOf((status) => eb("i.status", "=", status)).as("allCounts"),
        countsOf((status) =>
          filters ? eb.and([eb("i.status", "=", status), matching(filters)(eb)]) : eb("i.status", "=", status),
        ).as("matchingCounts"),
      ];
    });
  return db
    .selectFrom(counts.as("c"))
    .leftJoinLateral(page.as("page"), (join) => join.onTrue())
    .select(["c.allCounts", "c.matchingCounts"])
    .selectAll("page")
    .orderBy("page.statusGroup")
    .orderBy("page.number");
}

const unfilteredTriageStatement = compiledOnce(
  (db, a: TriageArgs, shape: TriageShape) => triageStatement(db, a, shape, null),
  (shape) => `${shape.statuses.join()}|${shape.counts.join()}`,
);

export async function listItemsForTriage(
  db: Kysely<Database>,
  q: TriageListQuery & { counts: readonly AgendaItemStatus[] },
): Promise<{ items: TriageRow[]; counts: Map<AgendaItemStatus, StatusCount> }> {
  const args = { summitId: q.summitId, firstLimit: q.offset + q.limit, limit: q.limit, offset: q.offset };
  const shape = { statuses: q.statuses, counts: q.counts };
  // Filtered, the statement holds the filters' words: built afresh. Unfiltered, it is built once per shape.
  const rows = hasFilters(q)
    ? await triageStatement(db, args, shape, q).execute()
    : await unfilteredTriageStatement(db, args, shape);
  const first = rows[0];
  const countMap = new Map(
    q.counts.map((status, index) => [
      status,
      { all: Number(first?.allCounts[index] ?? 0), matching: Number(first?.matchingCounts[index] ?? 0) },
    ]),
  );
  const items = pageItems(rows, (r, listed): TriageRow => ({ ...listed, statusNote: r.statusNote }));
  return { items, counts: countMap };
}
