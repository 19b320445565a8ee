import { describe, expect, it } from "vitest";
import { PHASE_ORDER, type Phase as DomainPhase } from "../../app/domain/summit/phases";
import type { Phase as ColumnPhase } from "../../db/schema";

// db/ imports nothing from app/, so the phase column declares its own union; these
// keep the two lists one list.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const columnAndDomainAgree: Same<ColumnPhase, DomainPhase> = true;

describe("the phase column", () => {
  it("holds exactly the phases the domain orders", () => {
    expect(columnAndDomainAgree).toBe(true);
    const column: Record<ColumnPhase, true> = {
      draft: true,
      proposals: true,
      voting: true,
      agenda: true,
      in_session: true,
      minutes_draft: true,
      published: true,
    };
    expect([...PHASE_ORDER].sort()).toEqual(Object.keys(column).sort());
  });
});
