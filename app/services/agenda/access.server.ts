import type { Summit } from "~db/schema";
import { phaseAllows } from "~/domain/summit/phase-policy";
import type { ItemViewer } from "~/domain/agenda/item-lifecycle";
import { isAgendaPublic, isParticipant, mayPropose, type Standing } from "~/domain/summit/standing";
import { refuse } from "../kernel/result.server";

/** The viewer, from a standing: the one the request read for a page, or one read inside a command's transaction. */
export function itemViewerOf(summit: Summit, standing: Standing): ItemViewer {
  return {
    userId: standing.userId,
    isOrganizer: standing.isOrganizer,
    isParticipant: isParticipant(standing),
    mayPropose: mayPropose(standing, { isOpen: summit.is_open }),
    agendaPublic: isAgendaPublic({ isPublic: summit.is_public, phase: summit.phase }),
  };
}

/** Whether proposals are open, so that items are proposed, edited, withdrawn and co-sponsored (the phase policy). */
export function proposalsOpen(summit: Summit): boolean {
  return phaseAllows(summit.phase, "proposeItems");
}

/** Whether the organizers triage items now (the phase policy). */
export function triageOpen(summit: Summit): boolean {
  return phaseAllows(summit.phase, "triageItems");
}

/** Said to whoever may not propose: the rule is `mayPropose`, not attendance alone. */
const MAY_NOT_PROPOSE =
  "Only the participants of this summit (its attendees, minute-takers and organizers) and members with a seat request propose agenda items. If you were invited, accept the invitation first.";

export const ITEMS_ARE_THE_ATTENDEES =
  "Only the attendees, minute-takers and organizers of this summit see its agenda items until its agenda is public. If you were invited, accept the invitation first.";

export function requireMayPropose(viewer: ItemViewer): void {
  if (!viewer.mayPropose) refuse(403, MAY_NOT_PROPOSE);
}

/** The list is for those who may propose, and for anyone while the summit's agenda is public. */
export function requireSeesItems(viewer: ItemViewer): void {
  if (viewer.isParticipant || viewer.mayPropose || viewer.agendaPublic) return;
  refuse(403, ITEMS_ARE_THE_ATTENDEES);
}

/** What anyone is told of an item that is not there for them. */
export function noSuchItem(summit: Summit, number: number): never {
  refuse(404, `There is no item ${number} at ${summit.title}.`);
}
