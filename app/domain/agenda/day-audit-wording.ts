import type { AuditWording } from "../audit/wording";

/** The day: its hours, the items pinned, moved and swapped on it, and its publication. */
export const DAY_AUDIT_WORDING: AuditWording = {
  "agenda.days_set": (d) => {
    const days = Array.isArray(d.days) ? (d.days as unknown[]).map(String) : [];
    return `set the summit's days: ${days.join(", ") || "none"}`;
  },
  "agenda.item_pinned": (d) => `put item ${Number(d.number)} at ${String(d.at ?? "")}`,
  "agenda.item_unpinned": (d) => `let item ${Number(d.number)} take its place from the vote again`,
  "agenda.items_swapped": (d) => `swapped items ${Number(d.number)} and ${Number(d.with)}`,
  "agenda.published": (d) =>
    `published the agenda: ${Number(d.slots ?? 0)} items on the day, ${Number(d.overflow ?? 0)} to the list`,
};
