import type { AuditWording } from "../audit/wording";

/** An agenda item's entries: proposing and revising it, its transitions, co-sponsoring, merging. */
export const AGENDA_AUDIT_WORDING: AuditWording = {
  "agenda_item.proposed": (d) => `proposed item ${Number(d.number)} “${String(d.title ?? "")}”`,
  "agenda_item.edited": (d) => `revised item ${Number(d.number)} (revision ${Number(d.revision)})`,
  "agenda_item.submitted": (d) => `submitted item ${Number(d.number)}`,
  "agenda_item.withdrawn": (d) => `withdrew item ${Number(d.number)}`,
  "agenda_item.accepted": (d) => `accepted item ${Number(d.number)}`,
  "agenda_item.declined": (d) => `declined item ${Number(d.number)}`,
  "agenda_item.returned": (d) => `returned item ${Number(d.number)} for changes`,
  "agenda_item.merged": (d) => `merged item ${Number(d.number)} into item ${Number(d.into)}`,
  "agenda_item.absorbed": (d) => `took item ${Number(d.from)}'s co-sponsors into item ${Number(d.number)}`,
  "agenda_item.reopened": (d) => `reopened item ${Number(d.number)}`,
  "agenda_item.cosponsored": (d) => `co-sponsored item ${Number(d.number)}`,
  "agenda_item.unsponsored": (d) => `withdrew their co-sponsorship of item ${Number(d.number)}`,
};

/**
 * The same entries as an item's own history tells them, after the name of
 * who acted ("Olga Organizer declined it"): the item is the page's subject,
 * so it is "it", never its number.
 */
export const ITEM_HISTORY_WORDING: Readonly<Record<string, string>> = {
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
  "poll.opened": "opened a poll on it",
  "poll.answered": "answered its poll",
  "poll.closed": "closed its poll",
  "poll.decision_recorded": "recorded its tentative decision",
};

/** What an item's history says of an entry; an action it has no words for reads as its code. */
export function itemHistoryText(action: string): string {
  return Object.hasOwn(ITEM_HISTORY_WORDING, action) ? ITEM_HISTORY_WORDING[action]! : action;
}
