import { sql } from "kysely";
import { migrateToLatest, openDatabase } from "../../db/client";
import { insertSummit } from "../../db/queries/summit";
import { startSession } from "../../app/auth/session.server";

/**
 * A summit in its proposals phase with 300 attendees (accepted invitations)
 * and 1,000 submitted or accepted items by them, each with up to five
 * co-sponsors and one revision; the session is an attendee's.
 */
export async function seedAgendaItemsBench(
  dataDir: string,
): Promise<{ slug: string; cookie: string; items: number; attendees: number }> {
  const ATTENDEES = 300;
  const ITEMS = 1000;
  const handle = await openDatabase({ dataDir });
  try {
    const db = handle.db;
    await migrateToLatest(db);
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
    const people = await db
      .insertInto("app_user")
      .values(
        Array.from({ length: ATTENDEES }, (_, i) => ({
          email: `attendee${i}@bench.summit.test`,
          display_name: `Attendee ${i}`,
        })),
      )
      .returning(["id", "email", "display_name"])
      .execute();
    await db
      .insertInto("invitation")
      .values(
        people.map((p) => ({
          summit_id: summit.id,
          email: p.email,
          name: p.display_name,
          user_id: p.id,
          status: "accepted" as const,
        })),
      )
      .execute();
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
    const setCookie = await startSession(db, { secure: false, idleHours: 24, absoluteDays: 7 }, people[0]!.id);
    return {
      slug: summit.slug,
      cookie: setCookie.split(";")[0]!,
      items: ITEMS,
      attendees: ATTENDEES,
    };
  } finally {
    await handle.close();
  }
}
