import type { Kysely, Selectable } from "kysely";
import type { Database, SeatRequestStatus, SeatRequestTable } from "../schema";

export type SeatRequestRow = Omit<Selectable<SeatRequestTable>, "created_at"> & { created_at: Date };

const asRow = (row: Selectable<SeatRequestTable>): SeatRequestRow => row as unknown as SeatRequestRow;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Null when this user already asked for a seat at this summit (the unique key decides). */
export async function insertSeatRequest(
  db: Kysely<Database>,
  args: { summitId: string; userId: string; statement: string; proposedItem: string | null; now: Date },
): Promise<SeatRequestRow | null> {
  const row = await db
    .insertInto("seat_request")
    .values({
      summit_id: args.summitId,
      user_id: args.userId,
      statement: args.statement,
      proposed_item: args.proposedItem,
      status: "pending",
      created_at: args.now,
    })
    .onConflict((oc) => oc.columns(["summit_id", "user_id"]).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? asRow(row) : null;
}

export async function getSeatRequestOfUser(
  db: Kysely<Database>,
  args: { summitId: string; userId: string },
): Promise<SeatRequestRow | null> {
  const row = await db
    .selectFrom("seat_request")
    .selectAll()
    .where("summit_id", "=", args.summitId)
    .where("user_id", "=", args.userId)
    .executeTakeFirst();
  return row ? asRow(row) : null;
}

/** A request with the requester's account, for the organizers' decision. */
export async function getSeatRequestById(db: Kysely<Database>, args: { summitId: string; requestId: string }) {
  if (!UUID.test(args.requestId)) return null;
  const row = await db
    .selectFrom("seat_request")
    .innerJoin("app_user", "app_user.id", "seat_request.user_id")
    .selectAll("seat_request")
    .select(["app_user.email", "app_user.display_name as displayName"])
    .where("seat_request.summit_id", "=", args.summitId)
    .where("seat_request.id", "=", args.requestId)
    .executeTakeFirst();
  return row ?? null;
}

export async function listSeatRequests(db: Kysely<Database>, args: { summitId: string; status?: SeatRequestStatus }) {
  let query = db
    .selectFrom("seat_request")
    .innerJoin("app_user", "app_user.id", "seat_request.user_id")
    .selectAll("seat_request")
    .select(["app_user.email", "app_user.display_name as displayName"])
    .where("seat_request.summit_id", "=", args.summitId);
  if (args.status) query = query.where("seat_request.status", "=", args.status);
  return query.orderBy("seat_request.created_at").orderBy("seat_request.id").execute();
}

/** Moves a pending request to its decision; false when it is no longer pending (decided or withdrawn meanwhile). */
export async function decideSeatRequest(
  db: Kysely<Database>,
  args: { requestId: string; status: Exclude<SeatRequestStatus, "pending">; decidedBy: string; now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable("seat_request")
    .set({ status: args.status, decided_at: args.now, decided_by: args.decidedBy })
    .where("id", "=", args.requestId)
    .where("status", "=", "pending")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
