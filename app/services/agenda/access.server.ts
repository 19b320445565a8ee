import type { Summit } from "~db/schema";
import { phaseAllows } from "~/domain/summit/phase-policy";
import { isAgendaPublic, isParticipant, mayPropose, type Standing } from "~/domain/summit/standing";
import { refuse } from "../kernel/result.server";

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

export const NOT_AN_ATTENDEE =
  "Only the attendees of this summit propose agenda items. If you were invited, accept the invitation first.";

export const ITEMS_ARE_THE_ATTENDEES =
  "Only the attendees of this summit see its agenda items until the agenda is published. If you were invited, accept the invitation first.";

export function requireMayPropose(viewer: ItemViewer): void {
  if (!viewer.mayPropose) refuse(403, NOT_AN_ATTENDEE);
}

/** The list is for those who may propose, and for anyone once a public agenda is published. */
export function requireSeesItems(viewer: ItemViewer): void {
  if (viewer.isParticipant || viewer.mayPropose || viewer.agendaPublic) return;
  refuse(403, ITEMS_ARE_THE_ATTENDEES);
}

/** What anyone is told of an item that is not there for them. */
export function noSuchItem(summit: Summit, number: number): never {
  refuse(404, `There is no item ${number} at ${summit.title}.`);
}
