import { phaseAllows } from "./phase-policy";
import type { Phase } from "./phases";

/**
 * How the person asking stands to a summit: read once per request (with the
 * session, in one statement) and used by guards, services and pages alike.
 * Every "who may" question about a summit starts here.
 */
export interface Standing {
  /** The signed-in user's id, or null for a visitor. */
  userId: string | null;
  /** An administrator of this Summit installation. */
  isAdmin: boolean;
  isOrganizer: boolean;
  isMinuteTaker: boolean;
  /** Holds an accepted invitation: on the roll of attendees. */
  isAttendee: boolean;
  /** Has a pending or approved seat request. */
  hasSeatRequest: boolean;
}

export const VISITOR: Standing = {
  userId: null,
  isAdmin: false,
  isOrganizer: false,
  isMinuteTaker: false,
  isAttendee: false,
  hasSeatRequest: false,
};

/**
 * A participant takes part in the summit: an organizer, a minute-taker or an
 * attendee (accepted invitation). The one definition of the word.
 */
export function isParticipant(standing: Standing): boolean {
  return standing.isOrganizer || standing.isMinuteTaker || standing.isAttendee;
}

/**
 * May propose agenda items (the phase is checked separately): a participant,
 * or, at an open summit, a member whose seat request is pending or approved.
 */
export function mayPropose(standing: Standing, summit: { isOpen: boolean }): boolean {
  return isParticipant(standing) || (summit.isOpen && standing.userId !== null && standing.hasSeatRequest);
}

/** The words a page uses for the viewer's relation to the summit, most senior first. */
export function standingLabel(standing: Standing): string {
  if (standing.isOrganizer) return "organizer";
  if (standing.isMinuteTaker) return "minute-taker";
  if (standing.isAttendee) return "attendee";
  if (standing.hasSeatRequest) return "seat requester";
  if (standing.isAdmin) return "administrator";
  return standing.userId === null ? "visitor" : "member";
}

/** Visitors read the accepted items of a public summit from the agenda phase on (the phase policy). */
export function isAgendaPublic(summit: { isPublic: boolean; phase: Phase }): boolean {
  return summit.isPublic && phaseAllows(summit.phase, "showPublicAgenda");
}

/** Whether the agenda items page has anything for this viewer (the page checks again). */
export function seesAgendaItems(
  standing: Standing,
  summit: { isOpen: boolean; isPublic: boolean; phase: Phase },
): boolean {
  return mayPropose(standing, summit) || isAgendaPublic(summit);
}

/** The published agenda is the participants', and everyone's at a public summit from the agenda phase on. */
export function seesPublishedAgenda(standing: Standing, summit: { isPublic: boolean; phase: Phase }): boolean {
  return isParticipant(standing) || isAgendaPublic(summit);
}
