import { sql, type Kysely } from "kysely";
import { recordAudit } from "~db/queries/audit";
import { countSummits, insertSummit } from "~db/queries/summit";
import { countUsers } from "~db/queries/summit-people";
import { createUser } from "~db/queries/user";
import { grantSummitRole } from "~db/queries/summit-role";
import { insertEligibilityRule } from "~db/queries/eligibility";
import { insertAcceptedInvitation } from "~db/queries/invitation";
import {
  addCosponsor,
  insertAgendaItem,
  insertItemRevision,
  setItemStatus,
  updateItemContent,
  type ItemContent,
} from "~db/queries/agenda-item";
import type { Database } from "~db/schema";
import { DEMO_ITEMS } from "./demo-items";
import { inTransaction, refuse, type Result } from "./kernel/result.server";

export type DemoRole = "admin" | "organizer" | "minute-taker" | "attendee";

export interface DemoAccount {
  email: string;
  name: string;
  role: DemoRole;
}

const DEMO_DOMAIN = "demo.summit.test";

function person(name: string, role: DemoRole): DemoAccount {
  return { email: `${name.toLowerCase().replace(/\s+/g, ".")}@${DEMO_DOMAIN}`, name, role };
}

/**
 * Everyone the demo creates: the people who spoke at the QEMU Summit 2017 in
 * its minutes (qemu-devel, 23 November 2017), plus Fam Zheng, who is named in
 * an action, and an administrator. Sign in as any of them through /dev/mail.
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { email: `admin@${DEMO_DOMAIN}`, name: "Demo Admin", role: "admin" },
  person("Peter Maydell", "organizer"),
  person("Stefan Hajnoczi", "minute-taker"),
  person("Markus Armbruster", "attendee"),
  person("Paolo Bonzini", "attendee"),
  person("Gerd Hoffmann", "attendee"),
  person("Alex Graf", "attendee"),
  person("Daniel Berrange", "attendee"),
  person("Cornelia Huck", "attendee"),
  person("Christian Borntraeger", "attendee"),
  person("Fam Zheng", "attendee"),
];

/**
 * The QEMU Summit 2017, held during KVM Forum 2017 in Prague. It is put in
 * the proposals phase, not published, so the later phases can be tried.
 */
export const DEMO_SUMMIT = {
  slug: "qemu-summit-2017",
  title: "QEMU Summit 2017",
  starts_on: "2017-10-25",
  ends_on: "2017-10-25",
  timezone: "Europe/Prague",
  venue: "KVM Forum 2017, Prague",
  list_address: "qemu-devel@nongnu.org",
  sign_off: "-- PMM",
  phase: "proposals",
  is_public: true,
} as const;

/** What `loadDemo` created. */
export interface DemoLoaded {
  slug: string;
  title: string;
  users: number;
  items: number;
}

function counted(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

/**
 * Loads the demo into an empty database, one that holds no summit and no user,
 * on the embedded database or PostgreSQL alike, all in one transaction. A
 * database anyone has used is refused (409) and left exactly as it was.
 */
export async function loadDemo(db: Kysely<Database>): Promise<Result<DemoLoaded>> {
  return inTransaction(db, async (trx) => {
    // Two processes starting on one empty PostgreSQL must not both load it.
    await sql`select pg_advisory_xact_lock(hashtext('summit-demo'))`.execute(trx);
    const summits = await countSummits(trx);
    const users = await countUsers(trx);
    if (summits > 0 || users > 0) {
      refuse(
        409,
        `The database is not empty (${counted(summits, "summit")}, ${counted(users, "user")}): ` +
          "the demo loads only into a database without summits or users.",
      );
    }
    const ids = new Map<string, string>();
    for (const account of DEMO_ACCOUNTS) {
      const user = await createUser(trx, {
        email: account.email,
        displayName: account.name,
        isAdmin: account.role === "admin",
      });
      ids.set(account.email, user.id);
    }
    const adminId = ids.get(`admin@${DEMO_DOMAIN}`) ?? null;
    const summit = await insertSummit(trx, { ...DEMO_SUMMIT, created_by: adminId });
    if (!summit) throw new Error("the demo summit could not be created");
    const now = new Date();
    for (const account of DEMO_ACCOUNTS) {
      const role = account.role === "organizer" ? "organizer" : account.role === "minute-taker" ? "minute_taker" : null;
      const userId = ids.get(account.email);
      if (!userId || account.role === "admin") continue;
      if (role) await grantSummitRole(trx, { summitId: summit.id, userId, role });
      // Everyone named in the minutes was there: admitted by hand, with the invitation accepted.
      const reason = "named in the QEMU Summit 2017 minutes";
      await insertEligibilityRule(trx, {
        summitId: summit.id,
        kind: "include",
        params: { email: account.email, name: account.name, reason },
        createdBy: adminId,
      });
      await insertAcceptedInvitation(trx, {
        summitId: summit.id,
        email: account.email,
        name: account.name,
        userId,
        reasons: [`added by hand: ${reason}`],
        now,
      });
    }
    await loadDemoItems(trx, { summitId: summit.id, ids, organizerId: ids.get(`peter.maydell@${DEMO_DOMAIN}`)!, now });
    await recordAudit(trx, {
      actorId: adminId,
      summitId: summit.id,
      action: "demo.loaded",
      objectType: "summit",
      objectId: summit.id,
      detail: { accounts: DEMO_ACCOUNTS.length },
    });
    return { slug: DEMO_SUMMIT.slug, title: DEMO_SUMMIT.title, users: DEMO_ACCOUNTS.length, items: DEMO_ITEMS.length };
  });
}

/** Loads the demo when the database is empty (see `loadDemo`); returns whether it did. */
export async function loadDemoIfEmpty(db: Kysely<Database>): Promise<boolean> {
  return (await loadDemo(db)).ok;
}

/** The seven topics of the 2017 minutes as items, with their revisions, co-sponsors and triage. */
async function loadDemoItems(
  trx: Kysely<Database>,
  args: { summitId: string; ids: Map<string, string>; organizerId: string; now: Date },
): Promise<void> {
  const idOf = (email: string) => {
    const id = args.ids.get(email);
    if (!id) throw new Error(`the demo item names ${email}, who is not a demo account`);
    return id;
  };
  for (const [index, demo] of DEMO_ITEMS.entries()) {
    const proposerId = idOf(demo.proposerEmail);
    const content: ItemContent = {
      title: demo.title,
      outcomeKind: demo.outcomeKind,
      desiredOutcome: demo.desiredOutcome,
      background: demo.background,
      minutesNeeded: demo.minutesNeeded,
      leadId: idOf(demo.leadEmail),
      links: [...demo.links],
    };
    const first = demo.earlier ? { ...content, ...demo.earlier } : content;
    const item = await insertAgendaItem(trx, {
      summitId: args.summitId,
      number: index + 1,
      proposerId,
      content: first,
      status: "submitted",
      now: args.now,
    });
    await insertItemRevision(trx, {
      itemId: item.id,
      revision: 1,
      authorId: proposerId,
      content: first,
      now: args.now,
    });
    if (demo.earlier) {
      await updateItemContent(trx, { itemId: item.id, expectedRevision: 1, content, now: args.now });
      await insertItemRevision(trx, { itemId: item.id, revision: 2, authorId: proposerId, content, now: args.now });
    }
    for (const email of demo.cosponsorEmails) {
      await addCosponsor(trx, { itemId: item.id, userId: idOf(email), now: args.now });
    }
    if (demo.status === "accepted") {
      await setItemStatus(trx, { itemId: item.id, from: "submitted", to: "accepted", note: null, now: args.now });
    }
  }
}
