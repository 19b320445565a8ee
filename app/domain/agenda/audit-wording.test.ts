import { describe, expect, it } from "vitest";
import { POLL_AUDIT_WORDING } from "../voting/audit-wording";
import { AGENDA_AUDIT_WORDING, ITEM_HISTORY_WORDING, itemHistoryText } from "./audit-wording";

describe("an item's history", () => {
  it("has words for every action recorded against an item (the agenda's and its poll's), and for no other", () => {
    expect(Object.keys(ITEM_HISTORY_WORDING).sort()).toEqual(
      [...Object.keys(AGENDA_AUDIT_WORDING), ...Object.keys(POLL_AUDIT_WORDING)].sort(),
    );
  });

  it.each([
    ["agenda_item.declined", "declined it"],
    ["agenda_item.cosponsored", "co-sponsored it"],
    ["agenda_item.absorbed", "merged another item into it"],
  ])("tells %s as “%s”", (action, text) => {
    expect(itemHistoryText(action)).toBe(text);
  });

  it("shows an action it does not know as its code, and never a property of every object", () => {
    expect(itemHistoryText("agenda_item.renamed")).toBe("agenda_item.renamed");
    expect(itemHistoryText("constructor")).toBe("constructor");
    expect(itemHistoryText("toString")).toBe("toString");
  });
});
