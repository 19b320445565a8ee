import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { insertSummit } from "../../db/queries/summit";
import { grantSummitRole } from "../../db/queries/summit-role";
import { createUser } from "../../db/queries/user";
import { startSession } from "../../app/auth/session.server";

export interface AgendaItemsBench {
  slug: string;
  /** The session cookie (`name=value`) of an attendee. */
  attendeeCookie: string;
  /** The session cookie of the summit's organizer. */
  organizerCookie: string;
  /** An accepted item with co-sponsors, for the item page. */
  itemNumber: number;
  /** Addresses of existing accounts, for comparing sign-in link requests with unknown ones. */
  knownEmails: string[];
  items: number;
  attendees: number;
}

/** `count` accounts with accepted invitations to the summit, in one insert each. */
export async function insertAttendees(
  db: Kysely<Database>,
  args: { summitId: string; count: number; who: (i: number) => [email: string, name: string] },
) {
  const people = await db
    .insertInto("app_user")
    .values(
      Array.from({ length: args.count }, (_, i) => {
        const [email, name] = args.who(i);
        return { email, display_name: name };
      }),
    )
    .returning(["id", "email", "display_name"])
    .execute();
  await db
    .insertInto("invitation")
    .values(
      people.map((p) => ({
        summit_id: args.summitId,
        email: p.email,
        name: p.display_name,
        user_id: p.id,
        status: "accepted" as const,
      })),
    )
    .execute();
  return people;
}

const SESSION = { secure: false, idleHours: 24, absoluteDays: 7 };

/**
 * A summit in its proposals phase with 300 attendees (accepted invitations),
 * an organizer, and 1,000 submitted or accepted items by the attendees, each
 * with up to five co-sponsors and one revision. Plain inserts through Kysely,
 * so it fills the embedded database and PostgreSQL alike; `db` is migrated.
 */
export async function seedAgendaItemsBench(db: Kysely<Database>): Promise<AgendaItemsBench> {
  const ATTENDEES = 300;
  const ITEMS = 1000;
  const summit = await insertSummit(db, {
    slug: "bench-items",
    title: "Agenda items benchmark summit",
    starts_on: "2017-10-25",
    ends_on: "2017-10-25",
    timezone: "Europe/Prague",
    list_address: "list@bench.summit.test",
    phase: "proposals",
  });
  if (!summit) throw new Error("the benchmark summit could not be created");
  const organizer = await createUser(db, {
    email: "organizer@items.bench.summit.test",
    displayName: "Items Organizer",
  });
  await grantSummitRole(db, { summitId: summit.id, userId: organizer.id, role: "organizer" });
  const people = await insertAttendees(db, {
    summitId: summit.id,
    count: ATTENDEES,
    who: (i) => [`attendee${i}@bench.summit.test`, `Attendee ${i}`],
  });
  const kinds = ["decision", "consensus_check", "action_plan", "information"] as const;
  for (let from = 0; from < ITEMS; from += 200) {
    const rows = await db
      .insertInto("agenda_item")
      .values(
        Array.from({ length: 200 }, (_, k) => {
          const n = from + k + 1;
          const proposer = people[n % ATTENDEES]!;
          return {
            summit_id: summit.id,
            number: n,
            proposer_id: proposer.id,
            lead_id: people[(n * 7) % ATTENDEES]!.id,
            title: `Topic ${n}: release process and the freeze`,
            outcome_kind: kinds[n % kinds.length]!,
            desired_outcome: `Decide whether subsystem ${n} keeps its own -next tree during the freeze, and who backports fixes.`,
            background: `Background of topic ${n}.\n\n- one point\n- another point, with \`code\`\n`.repeat(4),
            minutes_needed: 5 + (n % 60),
            links: JSON.stringify([`https://lists.example.org/archive/${n}.html`]),
            status: n % 3 === 0 ? ("accepted" as const) : ("submitted" as const),
            submitted_at: new Date(),
            created_at: new Date(Date.UTC(2017, 8, 1) + n * 60_000),
          };
        }),
      )
      .returning([
        "id",
        "number",
        "proposer_id",
        "title",
        "outcome_kind",
        "desired_outcome",
        "background",
        "minutes_needed",
        "lead_id",
      ])
      .execute();
    await db
      .insertInto("agenda_item_revision")
      .values(
        rows.map((r) => ({
          item_id: r.id,
          revision: 1,
          author_id: r.proposer_id,
          title: r.title,
          outcome_kind: r.outcome_kind,
          desired_outcome: r.desired_outcome,
          background: r.background,
          minutes_needed: r.minutes_needed,
          lead_id: r.lead_id,
          links: JSON.stringify([]),
        })),
      )
      .execute();
    const cosponsors = rows.flatMap((r) =>
      Array.from({ length: Number(r.number) % 6 }, (_, j) => ({
        item_id: r.id,
        user_id: people[(Number(r.number) + 1 + j) % ATTENDEES]!.id,
      })).filter((c) => c.user_id !== r.proposer_id),
    );
    if (cosponsors.length > 0) await db.insertInto("agenda_item_cosponsor").values(cosponsors).execute();
  }
  await sql`update agenda_item set cosponsor_count = (select count(*) from agenda_item_cosponsor c where c.item_id = agenda_item.id)`.execute(
    db,
  );
  const cookie = async (userId: string) => (await startSession(db, SESSION, userId)).split(";")[0]!;
  return {
    slug: summit.slug,
    attendeeCookie: await cookie(people[0]!.id),
    organizerCookie: await cookie(organizer.id),
    // Accepted (a multiple of 3) with three co-sponsors (3 mod 6), none of them its proposer.
    itemNumber: 3,
    knownEmails: people.slice(0, 5).map((p) => p.email),
    items: ITEMS,
    attendees: ATTENDEES,
  };
}
