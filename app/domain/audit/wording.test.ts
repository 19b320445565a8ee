import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  combineAuditWording,
  countText,
  describeAction,
  describeAuditEntry,
  nameAndEmail,
  personText,
  type AuditWording,
} from "./wording";

const WORDING: AuditWording = {
  "thing.made": (d) => `made ${String(d.name ?? "a thing")}`,
};

describe("describeAuditEntry", () => {
  it("uses the action's own sentence, given the entry's detail", () => {
    expect(describeAuditEntry(WORDING, "thing.made", { name: "a summit" })).toBe("made a summit");
  });

  it.each([
    [null, "made a thing"],
    [undefined, "made a thing"],
    [{}, "made a thing"],
  ])("reads a missing detail (%s) as an empty one", (detail, sentence) => {
    expect(describeAuditEntry(WORDING, "thing.made", detail)).toBe(sentence);
  });

  it.each([
    ["invitation.resent", "invitation resent"],
    ["summit.open_settings_changed", "summit open settings changed"],
    ["demo", "demo"],
    // Names an object has from its prototype are no sentences.
    ["constructor", "constructor"],
    ["toString", "toString"],
    ["__proto__", "  proto  "],
  ])("reads %s, which has no sentence, from its name: %s", (action, sentence) => {
    expect(describeAuditEntry(WORDING, action, {})).toBe(sentence);
  });

  it("falls back to the action's name for any action without a sentence", () => {
    fc.assert(
      fc.property(
        fc.string().filter((action) => action !== "thing.made"),
        (action) => {
          expect(describeAuditEntry(WORDING, action, {})).toBe(describeAction(action));
        },
      ),
    );
  });
});

describe("combineAuditWording", () => {
  it("puts every feature's sentences together", () => {
    const combined = combineAuditWording({ one: WORDING, two: { "other.done": () => "did it" } });
    expect(Object.keys(combined).sort()).toEqual(["other.done", "thing.made"]);
    expect(describeAuditEntry(combined, "other.done", {})).toBe("did it");
    expect(Object.isFrozen(combined)).toBe(true);
  });

  it("keeps an action of any name as its own entry", () => {
    const combined = combineAuditWording({ odd: { ["__proto__"]: () => "odd", constructor: () => "built" } });
    expect(Object.keys(combined).sort()).toEqual(["__proto__", "constructor"]);
    expect(describeAuditEntry(combined, "__proto__", {})).toBe("odd");
    expect(describeAuditEntry(combined, "constructor", {})).toBe("built");
  });

  it("refuses an action two features word, naming both", () => {
    expect(() => combineAuditWording({ one: WORDING, two: { "thing.made": () => "made it" } })).toThrow(
      "The audit action thing.made is worded by both one and two; one feature owns it.",
    );
  });

  it("keeps the sentences of features that share no action, whatever their number", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 20 }), fc.nat(3), (actions, split) => {
        const features: Record<string, AuditWording> = {};
        actions.forEach((action, i) => {
          const feature = `f${i % (split + 1)}`;
          features[feature] = { ...features[feature], [action]: () => action };
        });
        const combined = combineAuditWording(features);
        expect(Object.keys(combined).sort()).toEqual([...actions].sort());
      }),
    );
  });
});

describe("the shared phrases", () => {
  it.each([
    [{ displayName: "Gerd Hoffmann", email: "gerd@example.org" }, "Gerd Hoffmann (gerd@example.org)"],
    [{ email: "gerd@example.org" }, " (gerd@example.org)"],
  ])("personText %j → %s", (detail, text) => {
    expect(personText(detail)).toBe(text);
  });

  it.each([
    ["Gerd Hoffmann", "gerd@example.org", "Gerd Hoffmann (gerd@example.org)"],
    ["  ", "gerd@example.org", "gerd@example.org"],
    [undefined, "gerd@example.org", "gerd@example.org"],
    [42, "gerd@example.org", "gerd@example.org"],
  ])("nameAndEmail %j, %j → %s", (name, email, text) => {
    expect(nameAndEmail(name, email)).toBe(text);
  });

  it.each([
    [0, "0 addresses"],
    [1, "1 address"],
    [2, "2 addresses"],
    [undefined, "0 addresses"],
  ])("countText %j → %s", (value, text) => {
    expect(countText(value, "address", "addresses")).toBe(text);
  });
});
