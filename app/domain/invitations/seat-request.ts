/**
 * Seat requests at an open summit: how each status reads in a sentence, and
 * the reasons an approved request puts on the invitation it becomes.
 */

export const SEAT_REQUEST_STATUSES = ["pending", "approved", "refused", "withdrawn"] as const;
export type SeatRequestStatusCode = (typeof SEAT_REQUEST_STATUSES)[number];

/** The status in a sentence: "Your request is waiting for the organizers' decision." */
export const SEAT_REQUEST_STATUS_TEXT: Readonly<Record<SeatRequestStatusCode, string>> = {
  pending: "waiting for the organizers' decision",
  approved: "approved",
  refused: "refused",
  withdrawn: "withdrawn",
};

/** How much of the statement the invitation's reason quotes. */
const STATEMENT_QUOTED = 200;

/** The reasons beside an approved requester on the roster: their statement (on one line) and the item they propose. */
export function seatRequestReasons(request: { statement: string; proposedItem: string | null }): string[] {
  return [
    `asked for a seat: “${request.statement.replace(/\s+/g, " ").slice(0, STATEMENT_QUOTED)}”`,
    ...(request.proposedItem ? [`proposes: ${request.proposedItem}`] : []),
  ];
}
