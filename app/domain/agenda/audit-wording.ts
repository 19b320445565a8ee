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
