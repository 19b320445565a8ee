import type { Kysely } from "kysely";
import {
  addCosponsor,
  carryCosponsorsOver,
  insertAgendaItem,
  insertItemRevision,
  lockAgendaItemByNumber,
  nextItemNumber,
  removeCosponsor,
  setItemStatus,
  updateItemContent,
  type AgendaItemRow,
  type ItemContent,
} from "~db/queries/agenda-item";
import { recordAudit } from "~db/queries/audit";
import type { Database, Summit } from "~db/schema";
import { describeRevisionChanges } from "~/domain/agenda/agenda-item";
import {
  checkCosponsoring,
  checkItemEdit,
  checkItemTransition,
  ITEM_STATUS_LABELS,
  MERGE_TARGET_STATUSES,
  type ItemAction,
  type ItemActor,
  type ItemStatus,
  type ItemViewer,
} from "~/domain/agenda/item-lifecycle";
import { triageMail, type TriageDecision } from "~/domain/agenda/item-mail";
import { phaseRefusal } from "~/domain/summit/phase-policy";
import { isParticipant } from "~/domain/summit/standing";
import {
  CosponsorFormSchema,
  EditItemFormSchema,
  NewItemFormSchema,
  WithdrawItemFormSchema,
} from "~/forms/agenda-item";
import { TriageItemFormSchema } from "~/forms/triage";
import { enqueueMail, queueOptions, type MailConfig } from "../kernel/mail.server";
import { CORRECT_BELOW, inTransaction, parseOrRefuse, refuse, type Result } from "../kernel/result.server";
import { readStanding } from "../kernel/standing.server";
import { lockSummitOrRefuse } from "../kernel/summit-lock.server";
import { itemViewerOf, noSuchItem, proposalsOpen, requireMayPropose, triageOpen } from "./access.server";

/**
 * What people do to agenda items: propose, edit, withdraw and co-sponsor
 * them, and the organizers' triage. Each command opens and owns its
 * transaction, takes the summit lock first (numbers are handed out one at a
 * time, and no item changes while an organizer moves the phase), and decides
 * on the standing as it is then.
 */

/** Inside a command's transaction: the actor's standing as it is now, after the summit is locked. */
async function viewerNow(trx: Kysely<Database>, summit: Summit, userId: string): Promise<ItemViewer> {
  return itemViewerOf(summit, await readStanding(trx, { slug: summit.slug, userId }));
}

function requireProposalsOpen(summit: Summit): void {
  if (!proposalsOpen(summit)) refuse(409, phaseRefusal("proposeItems", summit.phase, summit.title));
}

async function lockedItem(trx: Kysely<Database>, summit: Summit, number: number): Promise<AgendaItemRow> {
  return (await lockAgendaItemByNumber(trx, { summitId: summit.id, number })) ?? noSuchItem(summit, number);
}

function actorOf(item: AgendaItemRow, viewer: ItemViewer, actorId: string): ItemActor {
  return { isProposer: item.proposerId === actorId, isOrganizer: viewer.isOrganizer };
}

/** The lead must be someone who will be in the room (or the proposer). */
async function checkLead(trx: Kysely<Database>, summit: Summit, leadId: string, proposerId: string): Promise<void> {
  if (leadId === proposerId) return;
  // A deactivated account has no standing: it reads as a visitor's.
  if (!isParticipant(await readStanding(trx, { slug: summit.slug, userId: leadId }))) {
    refuse(400, CORRECT_BELOW, {
      leadId:
        "The discussion lead must be the proposer or a participant of this summit (an attendee, minute-taker or organizer); choose from the list.",
    });
  }
}

function contentOf(
  input: Omit<ItemContent, "leadId"> & { leadId?: string | undefined },
  defaultLead: string,
): ItemContent {
  return {
    title: input.title,
    outcomeKind: input.outcomeKind,
    desiredOutcome: input.desiredOutcome,
    background: input.background,
    minutesNeeded: input.minutesNeeded,
    leadId: input.leadId ?? defaultLead,
    links: input.links,
  };
}

/** The text of an item as it stands, to compare with a new revision. */
function contentOfItem(item: AgendaItemRow): ItemContent {
  return {
    title: item.title,
    outcomeKind: item.outcomeKind,
    desiredOutcome: item.desiredOutcome,
    background: item.background,
    minutesNeeded: item.minutesNeeded,
    leadId: item.leadId,
    links: item.links,
  };
}

/** The fields every audit entry about an item shares. */
function aboutItem(args: { actorId: string; summit: Summit; itemId: string }) {
  return { actorId: args.actorId, summitId: args.summit.id, objectType: "agenda_item", objectId: args.itemId };
}

// ---------------------------------------------------------------------------
// Proposing and editing

/** Someone who may propose (`mayPropose`) proposes an item, kept as a draft or submitted at once. */
export async function proposeItem(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; input: unknown; now: Date },
): Promise<Result<{ number: number; status: "draft" | "submitted" }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitOrRefuse(trx, args.summitId);
    requireMayPropose(await viewerNow(trx, summit, args.actorId));
    requireProposalsOpen(summit);
    const input = parseOrRefuse(NewItemFormSchema, args.input);
    const content = contentOf(input, args.actorId);
    await checkLead(trx, summit, content.leadId, args.actorId);
    const status = input.intent === "submit" ? "submitted" : "draft";
    const number = await nextItemNumber(trx, summit.id);
    const item = await insertAgendaItem(trx, {
      summitId: summit.id,
      number,
      proposerId: args.actorId,
      content,
      status,
      now: args.now,
    });
    await insertItemRevision(trx, { itemId: item.id, revision: 1, authorId: args.actorId, content, now: args.now });
    await recordAudit(trx, {
      ...aboutItem({ actorId: args.actorId, summit, itemId: item.id }),
      action: "agenda_item.proposed",
      detail: { number, title: content.title, status },
    });
    return { number, status };
  });
}

/**
 * The proposer (or an organizer) saves a new revision of the text; "submit"
 * also submits a draft or an item returned for changes. A save based on an
 * older revision than the stored one is refused, so no one's edit is lost.
 */
export async function editItem(
  db: Kysely<Database>,
  args: { summitId: string; number: number; actorId: string; input: unknown; now: Date },
): Promise<Result<{ number: number; changed: string[]; submitted: boolean }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitOrRefuse(trx, args.summitId);
    const item = await lockedItem(trx, summit, args.number);
    // A draft is its proposer's alone: to anyone else it is not there (as on the item page).
    if (item.status === "draft" && item.proposerId !== args.actorId) noSuchItem(summit, args.number);
    const actor = actorOf(item, await viewerNow(trx, summit, args.actorId), args.actorId);
    const check = checkItemEdit({ status: item.status, actor, phase: summit.phase });
    if (!check.ok) refuse(check.status, check.reason);
    const input = parseOrRefuse(EditItemFormSchema, args.input);
    if (input.revision !== item.revision) {
      refuse(
        409,
        `Someone saved this item (revision ${item.revision}) after you opened it (revision ${input.revision}). Your text is kept below: compare it with the item's page and save again.`,
      );
    }
    const content = contentOf(input, item.proposerId);
    // A lead who has since left stays until someone picks another: only a new lead is checked.
    if (content.leadId !== item.leadId) await checkLead(trx, summit, content.leadId, item.proposerId);
    const changed = describeRevisionChanges(contentOfItem(item), content).map((c) => c.field);
    if (changed.length > 0) {
      if (
        !(await updateItemContent(trx, { itemId: item.id, expectedRevision: item.revision, content, now: args.now }))
      ) {
        refuse(409, "The item changed while you were saving; reload the page.");
      }
      await insertItemRevision(trx, {
        itemId: item.id,
        revision: item.revision + 1,
        authorId: args.actorId,
        content,
        now: args.now,
      });
      await recordAudit(trx, {
        ...aboutItem({ actorId: args.actorId, summit, itemId: item.id }),
        action: "agenda_item.edited",
        detail: { number: item.number, revision: item.revision + 1, changed },
      });
    }
    const submitted = input.intent === "submit" && (item.status === "draft" || item.status === "returned");
    if (submitted) {
      await transition(trx, {
        summit,
        item,
        action: "submit",
        actor,
        actorId: args.actorId,
        note: null,
        now: args.now,
      });
    }
    return { number: item.number, changed, submitted };
  });
}

/** Moves an item as `action` does, if the lifecycle allows it, and audits the move. */
async function transition(
  trx: Kysely<Database>,
  args: {
    summit: Summit;
    item: AgendaItemRow;
    action: ItemAction;
    actor: ItemActor;
    actorId: string;
    note: string | null;
    mergedInto?: AgendaItemRow;
    now: Date;
  },
): Promise<ItemStatus> {
  const { summit, item } = args;
  const check = checkItemTransition({
    action: args.action,
    status: item.status,
    actor: args.actor,
    phase: summit.phase,
  });
  if (!check.ok) refuse(check.status, check.reason);
  const moved = await setItemStatus(trx, {
    itemId: item.id,
    from: item.status,
    to: check.to,
    note: args.note,
    mergedIntoId: args.mergedInto?.id ?? null,
    now: args.now,
  });
  if (!moved) refuse(409, "The item changed in the meantime; reload the page.");
  await recordAudit(trx, {
    ...aboutItem({ actorId: args.actorId, summit, itemId: item.id }),
    action: (
      {
        submit: "agenda_item.submitted",
        withdraw: "agenda_item.withdrawn",
        accept: "agenda_item.accepted",
        decline: "agenda_item.declined",
        return: "agenda_item.returned",
        merge: "agenda_item.merged",
        reopen: "agenda_item.reopened",
      } as const satisfies Record<ItemAction, string>
    )[args.action],
    detail: {
      number: item.number,
      from: item.status,
      to: check.to,
      ...(args.note ? { note: args.note } : {}),
      ...(args.mergedInto ? { into: args.mergedInto.number } : {}),
    },
  });
  return check.to;
}

/** The proposer takes an item back. */
export async function withdrawItem(
  db: Kysely<Database>,
  args: { summitId: string; number: number; actorId: string; input: unknown; now: Date },
): Promise<Result<{ number: number }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitOrRefuse(trx, args.summitId);
    const item = await lockedItem(trx, summit, args.number);
    const actor = actorOf(item, await viewerNow(trx, summit, args.actorId), args.actorId);
    if (!actor.isProposer && !actor.isOrganizer) refuse(403, "Only the item's proposer can withdraw it.");
    requireProposalsOpen(summit);
    parseOrRefuse(WithdrawItemFormSchema, args.input);
    await transition(trx, {
      summit,
      item,
      action: "withdraw",
      actor,
      actorId: args.actorId,
      note: null,
      now: args.now,
    });
    return { number: item.number };
  });
}

/** A participant adds or takes back their +1. */
export async function setCosponsorship(
  db: Kysely<Database>,
  args: { summitId: string; number: number; actorId: string; input: unknown; now: Date },
): Promise<Result<{ number: number; cosponsoring: boolean }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitOrRefuse(trx, args.summitId);
    const item = await lockedItem(trx, summit, args.number);
    const viewer = await viewerNow(trx, summit, args.actorId);
    const actor = actorOf(item, viewer, args.actorId);
    if (!viewer.isParticipant)
      refuse(
        403,
        "Only the participants of this summit (its attendees, minute-takers and organizers) co-sponsor its items.",
      );
    // Someone else's draft is not there for anyone but its proposer, as on the item page.
    if (item.status === "draft" && !actor.isProposer) noSuchItem(summit, item.number);
    requireProposalsOpen(summit);
    const { intent } = parseOrRefuse(CosponsorFormSchema, args.input);
    const check = checkCosponsoring({ status: item.status, isProposer: actor.isProposer, phase: summit.phase });
    if (!check.ok) refuse(check.status, check.reason);
    const cosponsoring = intent === "cosponsor";
    const changed = cosponsoring
      ? await addCosponsor(trx, { itemId: item.id, userId: args.actorId, now: args.now })
      : await removeCosponsor(trx, { itemId: item.id, userId: args.actorId });
    // Pressing the button twice (two tabs, a resent form) changes nothing the second time.
    if (changed) {
      await recordAudit(trx, {
        ...aboutItem({ actorId: args.actorId, summit, itemId: item.id }),
        action: cosponsoring ? "agenda_item.cosponsored" : "agenda_item.unsponsored",
        detail: { number: item.number },
      });
    }
    return { number: item.number, cosponsoring };
  });
}

// ---------------------------------------------------------------------------
// Triage

/**
 * Tells the proposer what the organizers decided, in the same transaction as
 * the decision (so once, and only if it holds). Organizers deciding on their
 * own item are not told what they just did.
 */
async function tellProposer(
  trx: Kysely<Database>,
  args: {
    summit: Summit;
    item: AgendaItemRow;
    actorId: string;
    decision: TriageDecision;
    note: string | null;
    mergedInto?: AgendaItemRow;
    config: MailConfig;
    now: Date;
  },
): Promise<void> {
  const { summit, item } = args;
  if (item.proposerId === args.actorId) return;
  const base = `${args.config.APP_ORIGIN}/summits/${summit.slug}/items`;
  const link =
    args.decision === "merged" && args.mergedInto
      ? `${base}/${args.mergedInto.number}`
      : args.decision === "returned"
        ? `${base}/${item.number}/edit`
        : `${base}/${item.number}`;
  const mail = triageMail({
    decision: args.decision,
    summitTitle: summit.title,
    proposerName: item.proposerName,
    item: { number: item.number, title: item.title },
    note: args.note,
    mergedInto: args.mergedInto ? { number: args.mergedInto.number, title: args.mergedInto.title } : undefined,
    link,
    signOff: summit.sign_off,
  });
  await enqueueMail(
    trx,
    {
      kind: "notification",
      recipient: item.proposerEmail,
      subject: mail.subject,
      body: mail.body,
      // One mail per decision: an item may be returned twice, at different moments.
      dedupeKey: `agenda-item:${item.id}:${args.decision}:${args.now.toISOString()}`,
    },
    queueOptions(args.config, args.now),
  );
}

/**
 * The item another is merged into, named by its number in the form: it must
 * exist here, be another item and still be one to discuss.
 */
async function mergeTarget(
  trx: Kysely<Database>,
  summit: Summit,
  input: { number: number; into: number },
): Promise<AgendaItemRow> {
  if (input.into === input.number) {
    refuse(400, CORRECT_BELOW, { into: "An item cannot be merged into itself; give the number of the other item." });
  }
  const target = await lockAgendaItemByNumber(trx, { summitId: summit.id, number: input.into });
  if (!target) refuse(400, CORRECT_BELOW, { into: `There is no item ${input.into} at this summit.` });
  if (!MERGE_TARGET_STATUSES.includes(target.status)) {
    refuse(
      409,
      `Item ${target.number} is ${ITEM_STATUS_LABELS[target.status].toLowerCase()}: merge into an item that is still to be discussed.`,
    );
  }
  return target;
}

/**
 * Organizers accept, decline, return, merge or reopen an item, as the triage
 * page's form for the item posts it; the proposer hears of it by mail.
 */
export async function triageItem(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; input: unknown; config: MailConfig; now: Date },
): Promise<Result<{ number: number; status: ItemStatus; into?: number }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockSummitOrRefuse(trx, args.summitId);
    const viewer = await viewerNow(trx, summit, args.actorId);
    if (!viewer.isOrganizer) refuse(403, "Only the organizers of this summit triage items.");
    if (!triageOpen(summit)) refuse(409, phaseRefusal("triageItems", summit.phase, summit.title));
    const input = parseOrRefuse(TriageItemFormSchema, args.input);
    const item = await lockedItem(trx, summit, input.number);
    const mailArgs = { summit, actorId: args.actorId, config: args.config, now: args.now };
    const actor = actorOf(item, viewer, args.actorId);
    if (input.intent === "merge") {
      const target = await mergeTarget(trx, summit, input);
      const status = await transition(trx, {
        summit,
        item,
        action: "merge",
        actor,
        actorId: args.actorId,
        note: null,
        mergedInto: target,
        now: args.now,
      });
      const carried = await carryCosponsorsOver(trx, { fromItemId: item.id, toItemId: target.id, now: args.now });
      await tellProposer(trx, { ...mailArgs, item, decision: "merged", note: null, mergedInto: target });
      await recordAudit(trx, {
        ...aboutItem({ actorId: args.actorId, summit, itemId: target.id }),
        action: "agenda_item.absorbed",
        detail: { number: target.number, from: item.number, cosponsorsAdded: carried },
      });
      return { number: item.number, status, into: target.number };
    }
    const note = input.intent === "decline" ? input.reason : input.intent === "return" ? input.comment : null;
    const status = await transition(trx, {
      summit,
      item,
      action: input.intent,
      actor,
      actorId: args.actorId,
      note,
      now: args.now,
    });
    if (status === "accepted" || status === "declined" || status === "returned") {
      await tellProposer(trx, { ...mailArgs, item, decision: status, note });
    }
    return { number: item.number, status };
  });
}
