import type { Kysely } from "kysely";
import {
  addCosponsor,
  carryCosponsorsOver,
  getAgendaItemByNumber,
  insertAgendaItem,
  insertItemRevision,
  listAgendaItems,
  listCosponsorNames,
  listItemRevisions,
  listItemsForTriage,
  listItemsMergedInto,
  listLeadCandidates,
  lockAgendaItemByNumber,
  lockSummitForItems,
  nextItemNumber,
  removeCosponsor,
  setItemStatus,
  updateItemContent,
  getItemNumberById,
  type AgendaItemRow,
  type ItemContent,
} from "~db/queries/agenda-item";
import { listAuditEntriesOfObject, recordAudit } from "~db/queries/audit";
import type { Database, Summit } from "~db/schema";
import { isParticipant, mayPropose, type Standing } from "~/domain/summit/standing";
import { readStanding } from "../kernel/standing.server";
import {
  describeRevisionChanges,
  outcomeKindLabel,
  OUTCOME_KINDS,
  type AgendaItemRevisionFields,
} from "~/domain/agenda/agenda-item";
import {
  availableItemActions,
  canSeeItem,
  checkCosponsoring,
  checkItemEdit,
  checkItemTransition,
  isAgendaPublic,
  ITEM_STATUS_LABELS,
  MERGE_TARGET_STATUSES,
  PROPOSING_PHASES,
  TRIAGE_PHASES,
  type ItemAction,
  type ItemStatus,
} from "~/domain/agenda/item-lifecycle";
import { triageMail, type TriageDecision } from "~/domain/agenda/item-mail";
import { phaseLabel } from "~/domain/summit/phases";
import {
  CosponsorFormSchema,
  EditItemFormSchema,
  ITEM_PAGE_SIZE,
  NewItemFormSchema,
  TriageFormSchema,
  WithdrawItemFormSchema,
  type ItemListQuery,
} from "~/forms/agenda-item";
import { renderMarkdown } from "~/lib/markdown.server";
import { CORRECT_BELOW, inTransaction, resultOf, parseOrRefuse, refuse, type Result } from "../kernel/result.server";
import { enqueueMail, messageIdDomain, type MailConfig } from "../kernel/mail.server";

/** How the person asking stands to the summit, as the item rules need it. */
export interface ItemViewer {
  userId: string | null;
  isOrganizer: boolean;
  /** An attendee, minute-taker or organizer. */
  isParticipant: boolean;
  /** May propose: a participant, or a member with a pending or approved seat request at an open summit. */
  mayPropose: boolean;
  agendaPublic: boolean;
}

/** Inside a command's transaction: the standing as it is now, after the summit is locked. */
async function getItemViewer(db: Kysely<Database>, summit: Summit, userId: string | null): Promise<ItemViewer> {
  return itemViewerOf(summit, await readStanding(db, { slug: summit.slug, userId }));
}

/** The viewer, from the standing the request already read. */
export function itemViewerOf(summit: Summit, standing: Standing): ItemViewer {
  return {
    userId: standing.userId,
    isOrganizer: standing.isOrganizer,
    isParticipant: isParticipant(standing),
    mayPropose: mayPropose(standing, { isOpen: summit.is_open }),
    agendaPublic: isAgendaPublic({ isPublic: summit.is_public, phase: summit.phase }),
  };
}

const NOT_AN_ATTENDEE =
  "Only the attendees of this summit propose agenda items. If you were invited, accept the invitation first.";

function requireMayPropose(viewer: ItemViewer): void {
  if (!viewer.mayPropose) refuse(403, NOT_AN_ATTENDEE);
}

function requireProposalsOpen(summit: Summit, what: string): void {
  if (!PROPOSING_PHASES.includes(summit.phase)) {
    refuse(
      409,
      `Items are ${what} only while proposals are open; ${summit.title} is in its ${phaseLabel(summit.phase).toLowerCase()} phase.`,
    );
  }
}

async function lockedSummit(trx: Kysely<Database>, summitId: string): Promise<Summit> {
  const summit = await lockSummitForItems(trx, summitId);
  if (!summit) refuse(404, "There is no such summit.");
  return summit;
}

async function lockedItem(trx: Kysely<Database>, summit: Summit, number: number): Promise<AgendaItemRow> {
  const item = await lockAgendaItemByNumber(trx, { summitId: summit.id, number });
  if (!item) refuse(404, `There is no item ${number} at ${summit.title}.`);
  return item;
}

/** The lead must be someone who will be in the room (or the proposer). */
async function checkLead(trx: Kysely<Database>, summit: Summit, leadId: string, proposerId: string): Promise<void> {
  if (leadId === proposerId) return;
  // A deactivated account has no standing: it reads as a visitor's.
  if (!isParticipant(await readStanding(trx, { slug: summit.slug, userId: leadId }))) {
    refuse(400, CORRECT_BELOW, {
      leadId: "The discussion lead must be an attendee of this summit; choose from the list.",
    });
  }
}

function contentOf(
  input: {
    title: string;
    outcomeKind: ItemContent["outcomeKind"];
    desiredOutcome: string;
    background: string;
    minutesNeeded: number;
    links: string[];
    leadId?: string;
  },
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

/** The text of an item as it stands, to compare with a new revision or fill the edit form. */
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

function auditItem(
  trx: Kysely<Database>,
  args: { actorId: string; summit: Summit; itemId: string; action: string; detail: Record<string, unknown> },
) {
  return recordAudit(trx, {
    actorId: args.actorId,
    summitId: args.summit.id,
    action: `agenda_item.${args.action}`,
    objectType: "agenda_item",
    objectId: args.itemId,
    detail: args.detail,
  });
}

// ---------------------------------------------------------------------------
// Proposing and editing

/** An attendee proposes an item, kept as a draft or submitted at once. */
export async function proposeItem(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; input: unknown; now: Date },
): Promise<Result<{ number: number; status: "draft" | "submitted" }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockedSummit(trx, args.summitId);
    requireMayPropose(await getItemViewer(trx, summit, args.actorId));
    requireProposalsOpen(summit, "proposed");
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
    await auditItem(trx, {
      actorId: args.actorId,
      summit,
      itemId: item.id,
      action: "proposed",
      detail: { number, title: content.title, status },
    });
    return { number, status };
  });
}

async function actorOf(trx: Kysely<Database>, summit: Summit, item: AgendaItemRow, actorId: string) {
  const viewer = await getItemViewer(trx, summit, actorId);
  return { viewer, actor: { isProposer: item.proposerId === actorId, isOrganizer: viewer.isOrganizer } };
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
    const summit = await lockedSummit(trx, args.summitId);
    const item = await lockedItem(trx, summit, args.number);
    // A draft is its proposer's alone: to anyone else it is not there (as on the item page).
    if (item.status === "draft" && item.proposerId !== args.actorId) {
      refuse(404, `There is no item ${args.number} at ${summit.title}.`);
    }
    const { actor } = await actorOf(trx, summit, item, args.actorId);
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
      await auditItem(trx, {
        actorId: args.actorId,
        summit,
        itemId: item.id,
        action: "edited",
        detail: { number: item.number, revision: item.revision + 1, changed },
      });
    }
    let submitted = false;
    if (input.intent === "submit" && (item.status === "draft" || item.status === "returned")) {
      await transition(trx, {
        summit,
        item,
        action: "submit",
        actor,
        actorId: args.actorId,
        note: null,
        now: args.now,
      });
      submitted = true;
    }
    return { number: item.number, changed, submitted };
  });
}

async function transition(
  trx: Kysely<Database>,
  args: {
    summit: Summit;
    item: AgendaItemRow;
    action: ItemAction;
    actor: { isProposer: boolean; isOrganizer: boolean };
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
  const pastTense: Record<ItemAction, string> = {
    submit: "submitted",
    withdraw: "withdrawn",
    accept: "accepted",
    decline: "declined",
    return: "returned",
    merge: "merged",
    reopen: "reopened",
  };
  await auditItem(trx, {
    actorId: args.actorId,
    summit,
    itemId: item.id,
    action: pastTense[args.action],
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
    const summit = await lockedSummit(trx, args.summitId);
    const item = await lockedItem(trx, summit, args.number);
    const { actor } = await actorOf(trx, summit, item, args.actorId);
    if (!actor.isProposer && !actor.isOrganizer) refuse(403, "Only the item's proposer can withdraw it.");
    requireProposalsOpen(summit, "withdrawn");
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

/** An attendee adds or takes back their +1. */
export async function setCosponsorship(
  db: Kysely<Database>,
  args: { summitId: string; number: number; actorId: string; input: unknown; now: Date },
): Promise<Result<{ number: number; cosponsoring: boolean }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockedSummit(trx, args.summitId);
    const item = await lockedItem(trx, summit, args.number);
    const { viewer, actor } = await actorOf(trx, summit, item, args.actorId);
    if (!viewer.isParticipant) refuse(403, "Only the attendees of this summit co-sponsor its items.");
    // Someone else's draft is not there for anyone but its proposer, as on the item page.
    if (item.status === "draft" && !actor.isProposer)
      refuse(404, `There is no item ${item.number} at ${summit.title}.`);
    requireProposalsOpen(summit, "co-sponsored");
    const { intent } = parseOrRefuse(CosponsorFormSchema, args.input);
    const check = checkCosponsoring({ status: item.status, isProposer: actor.isProposer, phase: summit.phase });
    if (!check.ok) refuse(check.status, check.reason);
    const cosponsoring = intent === "cosponsor";
    const changed = cosponsoring
      ? await addCosponsor(trx, { itemId: item.id, userId: args.actorId, now: args.now })
      : await removeCosponsor(trx, { itemId: item.id, userId: args.actorId });
    // Pressing the button twice (two tabs, a resent form) changes nothing the second time.
    if (changed) {
      await auditItem(trx, {
        actorId: args.actorId,
        summit,
        itemId: item.id,
        action: cosponsoring ? "cosponsored" : "unsponsored",
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
    { now: args.now, messageIdDomain: messageIdDomain(args.config.MAIL_FROM) },
  );
}

/** Organizers accept, decline, return, merge or reopen an item; the proposer hears of it by mail. */
export async function triageItem(
  db: Kysely<Database>,
  args: { summitId: string; actorId: string; input: unknown; config: MailConfig; now: Date },
): Promise<Result<{ number: number; status: ItemStatus; into?: number }>> {
  return inTransaction(db, async (trx) => {
    const summit = await lockedSummit(trx, args.summitId);
    const viewer = await getItemViewer(trx, summit, args.actorId);
    if (!viewer.isOrganizer) refuse(403, "Only the organizers of this summit triage items.");
    if (!TRIAGE_PHASES.includes(summit.phase)) {
      refuse(
        409,
        `Items are triaged only in the proposals or voting phase; ${summit.title} is in its ${phaseLabel(summit.phase).toLowerCase()} phase.`,
      );
    }
    const input = parseOrRefuse(TriageFormSchema, args.input);
    const item = await lockedItem(trx, summit, input.number);
    const mailArgs = { summit, actorId: args.actorId, config: args.config, now: args.now };
    const actor = { isProposer: item.proposerId === args.actorId, isOrganizer: true };
    if (input.intent === "merge") {
      if (input.into === input.number) {
        refuse(400, CORRECT_BELOW, {
          into: "An item cannot be merged into itself; give the number of the other item.",
        });
      }
      const target = await lockAgendaItemByNumber(trx, { summitId: summit.id, number: input.into });
      if (!target) refuse(400, CORRECT_BELOW, { into: `There is no item ${input.into} at this summit.` });
      if (!MERGE_TARGET_STATUSES.includes(target.status)) {
        refuse(
          409,
          `Item ${target.number} is ${ITEM_STATUS_LABELS[target.status].toLowerCase()}: merge into an item that is still to be discussed.`,
        );
      }
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
      await auditItem(trx, {
        actorId: args.actorId,
        summit,
        itemId: target.id,
        action: "absorbed",
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

// ---------------------------------------------------------------------------
// Pages

/** An item as every list shows it: the desired outcome always with it. */
function listedItem(item: {
  number: number;
  title: string;
  outcomeKind: ItemContent["outcomeKind"];
  desiredOutcome: string;
  status: ItemStatus;
  minutesNeeded: number;
  cosponsorCount: number;
  proposerName: string;
  leadName: string;
}) {
  return {
    number: item.number,
    title: item.title,
    outcomeKind: item.outcomeKind,
    outcomeKindLabel: outcomeKindLabel(item.outcomeKind),
    desiredOutcome: item.desiredOutcome,
    status: item.status,
    statusLabel: ITEM_STATUS_LABELS[item.status],
    minutesNeeded: item.minutesNeeded,
    cosponsorCount: item.cosponsorCount,
    proposerName: item.proposerName,
    leadName: item.leadName,
  };
}

export const OUTCOME_KIND_OPTIONS = OUTCOME_KINDS.map((k) => ({ value: k.value, label: k.label }));

function requireSeesItems(viewer: ItemViewer): void {
  if (viewer.isParticipant || viewer.mayPropose || viewer.agendaPublic) return;
  refuse(
    403,
    "Only the attendees of this summit see its agenda items until the agenda is published. If you were invited, accept the invitation first.",
  );
}

/** The summit's item list, as the viewer may see it. */
export async function getItemListPage(
  db: Kysely<Database>,
  args: { summit: Summit; standing: Standing; query: ItemListQuery },
) {
  return resultOf(async () => {
    const { summit, query } = args;
    const viewer = itemViewerOf(summit, args.standing);
    requireSeesItems(viewer);
    const words = query.q
      .split(/\s+/)
      .filter((w) => w.length > 0)
      .slice(0, 10);
    const leadWords = query.lead
      .split(/\s+/)
      .filter((w) => w.length > 0)
      .slice(0, 5);
    const listViewer = {
      userId: viewer.userId,
      isParticipant: viewer.isParticipant,
      agendaPublic: viewer.agendaPublic,
    };
    const { items, total, totalVisible } = await listAgendaItems(db, {
      summitId: summit.id,
      viewer: listViewer,
      statuses: query.status ? [query.status] : undefined,
      outcomeKind: query.kind,
      leadWords,
      words,
      sort: query.sort,
      limit: ITEM_PAGE_SIZE,
      offset: (query.page - 1) * ITEM_PAGE_SIZE,
    });
    return {
      viewer: {
        signedIn: viewer.userId !== null,
        isOrganizer: viewer.isOrganizer,
        mayPropose: viewer.mayPropose && PROPOSING_PHASES.includes(summit.phase),
        isParticipant: viewer.isParticipant,
      },
      items: items.map((item) => ({ ...listedItem(item), createdAt: item.createdAt.toISOString() })),
      total,
      totalVisible,
      page: query.page,
      pageCount: Math.max(1, Math.ceil(total / ITEM_PAGE_SIZE)),
      kinds: OUTCOME_KIND_OPTIONS,
      proposalsOpen: PROPOSING_PHASES.includes(summit.phase),
    };
  });
}

/** Who may lead, for the form; the proposer first when they are not a participant (a seat requester). */
export async function getItemFormChoices(db: Kysely<Database>, summit: Summit) {
  return { leads: await listLeadCandidates(db, summit.id), kinds: OUTCOME_KIND_OPTIONS };
}

/** The proposal form: only for those who may propose, while proposals are open. */
export async function getNewItemPage(db: Kysely<Database>, args: { summit: Summit; standing: Standing }) {
  return resultOf(async () => {
    const viewer = itemViewerOf(args.summit, args.standing);
    requireMayPropose(viewer);
    const choices = await getItemFormChoices(db, args.summit);
    return {
      ...choices,
      proposalsOpen: PROPOSING_PHASES.includes(args.summit.phase),
      phaseLabel: phaseLabel(args.summit.phase),
    };
  });
}

/** The edit form of an item, for its proposer and the organizers. */
export async function getEditItemPage(
  db: Kysely<Database>,
  args: { summit: Summit; number: number; standing: Standing },
) {
  return resultOf(async () => {
    const userId = args.standing.userId;
    const item = await getAgendaItemByNumber(db, { summitId: args.summit.id, number: args.number });
    if (!item || (item.status === "draft" && item.proposerId !== userId)) {
      refuse(404, `There is no item ${args.number} at ${args.summit.title}.`);
    }
    const viewer = itemViewerOf(args.summit, args.standing);
    const actor = { isProposer: item.proposerId === userId, isOrganizer: viewer.isOrganizer };
    if (!actor.isProposer && !actor.isOrganizer) refuse(403, "Only the item's proposer or the organizers can edit it.");
    const check = checkItemEdit({ status: item.status, actor, phase: args.summit.phase });
    const choices = await getItemFormChoices(db, args.summit);
    const leads = choices.leads.some((l) => l.id === item.leadId)
      ? choices.leads
      : [{ id: item.leadId, name: item.leadName }, ...choices.leads];
    return {
      ...choices,
      leads,
      item: {
        number: item.number,
        revision: item.revision,
        status: item.status,
        statusLabel: ITEM_STATUS_LABELS[item.status],
        statusNote: item.statusNote,
        ...contentOfItem(item),
      },
      editable: check.ok,
      whyNot: check.ok ? null : check.reason,
      canSubmit: item.status === "draft" || item.status === "returned",
      canWithdraw: checkItemTransition({ action: "withdraw", status: item.status, actor, phase: args.summit.phase }).ok,
    };
  });
}

const EVENT_TEXT: Record<string, string> = {
  "agenda_item.proposed": "proposed the item",
  "agenda_item.edited": "saved a revision",
  "agenda_item.submitted": "submitted it to the organizers",
  "agenda_item.withdrawn": "withdrew it",
  "agenda_item.accepted": "accepted it",
  "agenda_item.declined": "declined it",
  "agenda_item.returned": "returned it for changes",
  "agenda_item.merged": "merged it into another item",
  "agenda_item.absorbed": "merged another item into it",
  "agenda_item.reopened": "reopened it",
  "agenda_item.cosponsored": "co-sponsored it",
  "agenda_item.unsponsored": "withdrew their co-sponsorship",
};

/** One item, with its history, for those who may see it. */
export async function getItemPage(db: Kysely<Database>, args: { summit: Summit; number: number; standing: Standing }) {
  return resultOf(async () => {
    const { summit } = args;
    const item = await getAgendaItemByNumber(db, { summitId: summit.id, number: args.number });
    const viewer = itemViewerOf(summit, args.standing);
    const visible =
      item !== null &&
      canSeeItem({
        item: { status: item.status, proposerId: item.proposerId },
        viewer: { isParticipant: viewer.isParticipant, userId: viewer.userId },
        summit: { isPublic: summit.is_public, phase: summit.phase },
      });
    if (!visible) {
      // Those who read the summit's items learn only that this one is not there (a draft, or
      // none); anyone else is told the items are the attendees' and not whether this one exists.
      if (viewer.isParticipant || viewer.agendaPublic)
        refuse(404, `There is no item ${args.number} at ${summit.title}.`);
      refuse(
        403,
        "Only the attendees of this summit see its agenda items until the agenda is published. If you were invited, accept the invitation first.",
      );
    }
    const isProposer = item.proposerId === viewer.userId;
    const actor = { isProposer, isOrganizer: viewer.isOrganizer };
    const [cosponsors, revisions, events, mergedFrom, mergedIntoNumber] = await Promise.all([
      listCosponsorNames(db, item.id),
      listItemRevisions(db, item.id),
      viewer.isParticipant || isProposer
        ? listAuditEntriesOfObject(db, { summitId: summit.id, objectType: "agenda_item", objectId: item.id })
        : Promise.resolve([]),
      listItemsMergedInto(db, item.id),
      item.mergedIntoId ? getItemNumberById(db, item.mergedIntoId) : Promise.resolve(null),
    ]);
    const history = revisions.map((revision, index) => {
      const previous = index > 0 ? revisions[index - 1]! : null;
      const changes = previous ? describeRevisionChanges(previous, revision) : [];
      return {
        revision: revision.revision,
        authorName: revision.authorName ?? "a former member",
        at: revision.createdAt.toISOString(),
        changes: changes.map((change) => ({
          label: change.label,
          before: shownValue(change.field, previous!),
          after: shownValue(change.field, revision),
        })),
      };
    });
    const cosponsoring = viewer.userId !== null && cosponsors.some((c) => c.id === viewer.userId);
    const mayCosponsor =
      viewer.isParticipant && checkCosponsoring({ status: item.status, isProposer, phase: summit.phase }).ok;
    return {
      item: {
        number: item.number,
        title: item.title,
        outcomeKind: item.outcomeKind,
        outcomeKindLabel: outcomeKindLabel(item.outcomeKind),
        desiredOutcome: item.desiredOutcome,
        backgroundHtml: renderMarkdown(item.background),
        minutesNeeded: item.minutesNeeded,
        links: item.links,
        status: item.status,
        statusLabel: ITEM_STATUS_LABELS[item.status],
        statusNote: item.statusNote,
        proposerName: item.proposerName,
        leadName: item.leadName,
        revision: item.revision,
        createdAt: item.createdAt.toISOString(),
        mergedInto: mergedIntoNumber,
        mergedFrom,
      },
      cosponsors: cosponsors.map((c) => c.name),
      viewer: {
        signedIn: viewer.userId !== null,
        isProposer,
        isOrganizer: viewer.isOrganizer,
        cosponsoring,
        mayCosponsor,
        mayEdit: checkItemEdit({ status: item.status, actor, phase: summit.phase }).ok,
        actions: availableItemActions({ status: item.status, actor, phase: summit.phase }),
      },
      history,
      events: events.map((e) => ({
        id: Number(e.id),
        at: (e.at instanceof Date ? e.at : new Date(String(e.at))).toISOString(),
        actorName: e.actorName ?? "a former member",
        text: EVENT_TEXT[e.action] ?? e.action,
        note: typeof e.detail?.note === "string" ? e.detail.note : null,
      })),
    };
  });
}

function shownValue(
  field: keyof AgendaItemRevisionFields,
  revision: ItemContent & { leadName?: string | null },
): string {
  switch (field) {
    case "outcomeKind":
      return outcomeKindLabel(revision.outcomeKind);
    case "leadId":
      return revision.leadName ?? "a former member";
    case "links":
      return revision.links.join("\n");
    case "minutesNeeded":
      return `${revision.minutesNeeded} minutes`;
    default:
      return String(revision[field]);
  }
}

/** The organizers' triage view: every item still to decide or already decided, with its outcome. */
export async function getTriagePage(db: Kysely<Database>, summit: Summit) {
  const items = await listItemsForTriage(db, summit.id);
  return {
    items: items.map((item) => ({
      ...listedItem(item),
      statusNote: item.statusNote,
      actions: availableItemActions({
        status: item.status,
        actor: { isProposer: false, isOrganizer: true },
        phase: summit.phase,
      }).filter((a) => a !== "submit" && a !== "withdraw"),
    })),
    triageOpen: TRIAGE_PHASES.includes(summit.phase),
    phaseLabel: phaseLabel(summit.phase),
  };
}
