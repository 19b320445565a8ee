import type { Kysely } from "kysely";
import {
  getAgendaItemByNumber,
  getItemPageRow,
  listAgendaItems,
  listItemsForTriage,
  listLeadCandidates,
  type ItemContent,
  type ItemFilters,
} from "~db/queries/agenda-item";
import { listAuditEntriesOfObject } from "~db/queries/audit";
import type { Database, Summit } from "~db/schema";
import { describeRevisionChanges, outcomeKindLabel, OUTCOME_KINDS } from "~/domain/agenda/agenda-item";
import { whyNotPolled } from "~/domain/voting/decision-poll";
import { itemHistoryText } from "~/domain/agenda/audit-wording";
import {
  availableItemActions,
  canSeeItem,
  checkCosponsoring,
  checkItemEdit,
  checkItemTransition,
  ITEM_STATUS_LABELS,
  type ItemAction,
  type ItemStatus,
} from "~/domain/agenda/item-lifecycle";
import { placeGroups, statusesOfView, TRIAGE_STATUSES, type TriageStatus } from "~/domain/agenda/triage";
import { phaseLabel } from "~/domain/summit/phases";
import type { Standing } from "~/domain/summit/standing";
import { ITEM_PAGE_SIZE, type ItemListQuery } from "~/forms/agenda-item";
import type { TriageQuery } from "~/forms/triage";
import { renderMarkdown } from "~/lib/markdown.server";
import { refuse, resultOf } from "../kernel/result.server";
import {
  ITEMS_ARE_THE_ATTENDEES,
  itemViewerOf,
  noSuchItem,
  proposalsOpen,
  requireMayPropose,
  requireSeesItems,
  triageOpen,
} from "./access.server";

/**
 * The reads that build the agenda item pages, one view model each, from the
 * summit and standing the request's guard already read: the list, the
 * proposal and edit forms, an item with its history, and triage.
 */

/** What a page's guard read once for the request. */
export interface PageAccess {
  summit: Summit;
  standing: Standing;
}

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

const OUTCOME_KIND_OPTIONS = OUTCOME_KINDS.map((k) => ({ value: k.value, label: k.label }));

/** Words of a filter, at most `max` of them. */
function wordsOf(text: string, max: number): string[] {
  return text
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .slice(0, max);
}

/** The kind, lead and words filters the list and the triage page share. */
function filtersOf(query: { kind?: ItemContent["outcomeKind"] | undefined; lead: string; q: string }): ItemFilters {
  return { outcomeKind: query.kind, leadWords: wordsOf(query.lead, 5), words: wordsOf(query.q, 10) };
}

function pageCountOf(total: number): number {
  return Math.max(1, Math.ceil(total / ITEM_PAGE_SIZE));
}

/** The summit's item list, as the viewer may see it: one page of items and the counts, in one statement. */
export async function getItemListPage(db: Kysely<Database>, args: PageAccess & { query: ItemListQuery }) {
  return resultOf(async () => {
    const { summit, query } = args;
    const viewer = itemViewerOf(summit, args.standing);
    requireSeesItems(viewer);
    const { items, total, totalVisible } = await listAgendaItems(db, {
      summitId: summit.id,
      viewer: { userId: viewer.userId, isParticipant: viewer.isParticipant, agendaPublic: viewer.agendaPublic },
      statuses: query.status ? [query.status] : undefined,
      ...filtersOf(query),
      sort: query.sort,
      limit: ITEM_PAGE_SIZE,
      offset: (query.page - 1) * ITEM_PAGE_SIZE,
    });
    return {
      viewer: {
        signedIn: viewer.userId !== null,
        isOrganizer: viewer.isOrganizer,
        mayPropose: viewer.mayPropose && proposalsOpen(summit),
        isParticipant: viewer.isParticipant,
      },
      items: items.map((item) => ({ ...listedItem(item), createdAt: item.createdAt.toISOString() })),
      total,
      totalVisible,
      page: query.page,
      pageCount: pageCountOf(total),
      kinds: OUTCOME_KIND_OPTIONS,
      proposalsOpen: proposalsOpen(summit),
    };
  });
}

/** The proposal form: only for those who may propose; it says so when proposals are closed. */
export async function getNewItemPage(db: Kysely<Database>, args: PageAccess) {
  return resultOf(async () => {
    requireMayPropose(itemViewerOf(args.summit, args.standing));
    return {
      leads: await listLeadCandidates(db, args.summit.id),
      kinds: OUTCOME_KIND_OPTIONS,
      proposalsOpen: proposalsOpen(args.summit),
      phaseLabel: phaseLabel(args.summit.phase),
    };
  });
}

/** The edit form of an item, for its proposer and the organizers: the item and who may lead, read together. */
export async function getEditItemPage(db: Kysely<Database>, args: PageAccess & { number: number }) {
  return resultOf(async () => {
    const { summit } = args;
    const userId = args.standing.userId;
    const [item, candidates] = await Promise.all([
      getAgendaItemByNumber(db, { summitId: summit.id, number: args.number }),
      listLeadCandidates(db, summit.id),
    ]);
    if (!item || (item.status === "draft" && item.proposerId !== userId)) noSuchItem(summit, args.number);
    const viewer = itemViewerOf(summit, args.standing);
    const actor = { isProposer: item.proposerId === userId, isOrganizer: viewer.isOrganizer };
    if (!actor.isProposer && !actor.isOrganizer) refuse(403, "Only the item's proposer or the organizers can edit it.");
    const check = checkItemEdit({ status: item.status, actor, phase: summit.phase });
    // A lead who has since left stays offered until someone picks another.
    const leads = candidates.some((l) => l.id === item.leadId)
      ? candidates
      : [{ id: item.leadId, name: item.leadName }, ...candidates];
    return {
      leads,
      kinds: OUTCOME_KIND_OPTIONS,
      item: {
        number: item.number,
        revision: item.revision,
        status: item.status,
        statusLabel: ITEM_STATUS_LABELS[item.status],
        statusNote: item.statusNote,
        title: item.title,
        outcomeKind: item.outcomeKind,
        desiredOutcome: item.desiredOutcome,
        background: item.background,
        minutesNeeded: item.minutesNeeded,
        leadId: item.leadId,
        links: item.links,
      },
      editable: check.ok,
      whyNot: check.ok ? null : check.reason,
      canSubmit: item.status === "draft" || item.status === "returned",
      canWithdraw: checkItemTransition({ action: "withdraw", status: item.status, actor, phase: summit.phase }).ok,
    };
  });
}

function shownValue(field: keyof ItemContent, revision: ItemContent & { leadName?: string | null }): string {
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

/**
 * One item, for those who may see it: the item with its co-sponsors, merges
 * and revisions in one statement, then (for participants and the proposer)
 * the history of its status in a second.
 */
export async function getItemPage(db: Kysely<Database>, args: PageAccess & { number: number }) {
  return resultOf(async () => {
    const { summit } = args;
    const item = await getItemPageRow(db, { summitId: summit.id, number: args.number });
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
      if (viewer.isParticipant || viewer.agendaPublic) noSuchItem(summit, args.number);
      refuse(403, ITEMS_ARE_THE_ATTENDEES);
    }
    const isProposer = item.proposerId === viewer.userId;
    const actor = { isProposer, isOrganizer: viewer.isOrganizer };
    const events =
      viewer.isParticipant || isProposer
        ? await listAuditEntriesOfObject(db, { summitId: summit.id, objectType: "agenda_item", objectId: item.id })
        : [];
    const { revisions, cosponsors } = item;
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
        mergedInto: item.mergedIntoNumber,
        mergedFrom: item.mergedFrom,
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
        // An accepted decision or consensus item may have a poll: its page says where it stands.
        seesPoll: viewer.isParticipant && whyNotPolled(item) === null,
      },
      history,
      events: events.map((e) => ({
        id: Number(e.id),
        at: (e.at instanceof Date ? e.at : new Date(String(e.at))).toISOString(),
        actorName: e.actorName ?? "a former member",
        text: itemHistoryText(e.action),
        note: typeof e.detail?.note === "string" ? e.detail.note : null,
      })),
    };
  });
}

/**
 * The decisions an organizer may take now on an item of each status, worked
 * out once a status (the rules spell out a reason for every refusal, and a
 * page of 25 items has at most four statuses).
 */
function triageDecisionsOf(summit: Summit, open: boolean): (status: ItemStatus) => ItemAction[] {
  const byStatus = new Map<ItemStatus, ItemAction[]>();
  return (status) => {
    let actions = byStatus.get(status);
    if (!actions) {
      actions = open
        ? availableItemActions({ status, actor: { isProposer: false, isOrganizer: true }, phase: summit.phase }).filter(
            (a) => a !== "submit" && a !== "withdraw",
          )
        : [];
      byStatus.set(status, actions);
    }
    return actions;
  };
}

/** An item as triage shows it, with the decisions an organizer may take on it now. */
function triageItemView(
  decisionsOf: (status: ItemStatus) => ItemAction[],
  row: Parameters<typeof listedItem>[0] & { statusNote: string | null },
) {
  // Triage shows the kind's label only; the rest is as every list shows an item.
  const { outcomeKind: _kind, ...item } = listedItem(row);
  return { ...item, statusNote: row.statusNote, actions: decisionsOf(row.status) };
}

/**
 * The organizers' triage page: one page of the items the view shows (by
 * default those still to decide), each with the decisions its status allows,
 * and the counts of every status for the groups' headings, in one statement.
 */
export async function getTriagePage(db: Kysely<Database>, args: PageAccess & { query: TriageQuery }) {
  return resultOf(async () => {
    const { summit, query } = args;
    if (!args.standing.isOrganizer) refuse(403, "Only the organizers of this summit can do this.");
    const shown = statusesOfView(query.status);
    const filters = filtersOf(query);
    const { items: rows, counts } = await listItemsForTriage(db, {
      summitId: summit.id,
      statuses: shown,
      counts: TRIAGE_STATUSES,
      ...filters,
      limit: ITEM_PAGE_SIZE,
      offset: (query.page - 1) * ITEM_PAGE_SIZE,
    });
    const countOf = (status: TriageStatus) => counts.get(status) ?? { all: 0, matching: 0 };
    const matching = Object.fromEntries(TRIAGE_STATUSES.map((s) => [s, countOf(s).matching])) as Record<
      TriageStatus,
      number
    >;
    const total = shown.reduce((sum, status) => sum + matching[status], 0);
    const open = triageOpen(summit);
    const decisionsOf = triageDecisionsOf(summit, open);
    return {
      items: rows.map((row) => triageItemView(decisionsOf, row)),
      groups: placeGroups({ counts: matching, shown, page: query.page, pageSize: ITEM_PAGE_SIZE }),
      total,
      totalAll: TRIAGE_STATUSES.reduce((sum, status) => sum + countOf(status).all, 0),
      page: query.page,
      pageCount: pageCountOf(total),
      kinds: OUTCOME_KIND_OPTIONS,
      triageOpen: open,
      phaseLabel: phaseLabel(summit.phase),
    };
  });
}

/**
 * One item's decisions, for the organizers: the item as triage lists it, with
 * every decision its status allows (returning, merging and declining take a
 * comment, a number or a reason, so they are taken here rather than on the
 * list). One statement. An item triage does not show (a draft, a withdrawn
 * one) is not there.
 */
export async function getTriageItemPage(db: Kysely<Database>, args: PageAccess & { number: number }) {
  return resultOf(async () => {
    const { summit } = args;
    if (!args.standing.isOrganizer) refuse(403, "Only the organizers of this summit can do this.");
    const row = await getAgendaItemByNumber(db, { summitId: summit.id, number: args.number });
    if (!row || !(TRIAGE_STATUSES as readonly string[]).includes(row.status)) noSuchItem(summit, args.number);
    const open = triageOpen(summit);
    return {
      item: triageItemView(triageDecisionsOf(summit, open), row),
      triageOpen: open,
      phaseLabel: phaseLabel(summit.phase),
    };
  });
}
