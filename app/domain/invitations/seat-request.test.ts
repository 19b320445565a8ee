import { describe, expect, it } from "vitest";
import { SEAT_REQUEST_STATUS_TEXT, SEAT_REQUEST_STATUSES, seatRequestReasons } from "./seat-request";

describe("seat requests", () => {
  it("say each status in a sentence", () => {
    expect(Object.keys(SEAT_REQUEST_STATUS_TEXT).sort()).toEqual([...SEAT_REQUEST_STATUSES].sort());
    expect(`Your request is ${SEAT_REQUEST_STATUS_TEXT.pending}.`).toBe(
      "Your request is waiting for the organizers' decision.",
    );
  });

  it("become reasons on the invitation: the statement on one line, quoted, and the proposed item", () => {
    expect(seatRequestReasons({ statement: "I maintain\nthe block layer.", proposedItem: "Rust in QEMU" })).toEqual([
      "asked for a seat: “I maintain the block layer.”",
      "proposes: Rust in QEMU",
    ]);
    const long = seatRequestReasons({ statement: "x".repeat(500), proposedItem: null });
    expect(long).toEqual([`asked for a seat: “${"x".repeat(200)}”`]);
  });
});
