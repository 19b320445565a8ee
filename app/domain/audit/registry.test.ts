import { readdirSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AUDIT_WORDING } from "./registry";
import { describeAuditEntry } from "./wording";

// ---------------------------------------------------------------------------
// The sentences: today's entries read as they always have, and the newer ones.

/** [action, detail as the service records it, sentence]: the sentences the manage page showed before they moved here. */
const TODAY: [string, Record<string, unknown>, string][] = [
  ["summit.created", { slug: "qemu-summit-2017", title: "QEMU Summit 2017" }, "created the summit QEMU Summit 2017"],
  ["summit.created", {}, "created the summit"],
  [
    "summit.updated",
    {
      changes: {
        title: { from: "a", to: "b" },
        venue: { from: "", to: "Prague" },
        signOff: { from: "", to: "-- PMM" },
      },
    },
    "changed the title, the venue, the sign-off",
  ],
  [
    "summit.updated",
    { changes: { startsOn: {}, endsOn: {}, timezone: {}, listAddress: {}, colour: {} } },
    "changed the first day, the last day, the timezone, the list address, colour",
  ],
  [
    "summit.phase_moved",
    { from: "proposals", to: "voting", direction: "forward" },
    "moved the summit forward from Proposals to Voting",
  ],
  [
    "summit.phase_moved",
    { from: "minutes_draft", to: "in_session", direction: "back" },
    "moved the summit back from Minutes draft to In session",
  ],
  ["summit.phase_moved", { from: "closed", to: "voting" }, "moved the summit forward from closed to Voting"],
  [
    "summit.organizer_named",
    { email: "peter.maydell@demo.summit.test", displayName: "Peter Maydell" },
    "named Peter Maydell (peter.maydell@demo.summit.test) organizer",
  ],
  [
    "summit.organizer_named",
    { email: "peter.maydell@demo.summit.test", displayName: "Peter Maydell", via: "command line" },
    "named Peter Maydell (peter.maydell@demo.summit.test) organizer",
  ],
  [
    "summit.organizer_removed",
    { email: "peter.maydell@demo.summit.test", displayName: "Peter Maydell" },
    "removed Peter Maydell (peter.maydell@demo.summit.test) as organizer",
  ],
  [
    "summit.minute_taker_named",
    { email: "stefan.hajnoczi@demo.summit.test", displayName: "Stefan Hajnoczi" },
    "named Stefan Hajnoczi (stefan.hajnoczi@demo.summit.test) minute-taker",
  ],
  [
    "summit.minute_taker_removed",
    { email: "stefan.hajnoczi@demo.summit.test", displayName: "Stefan Hajnoczi" },
    "removed Stefan Hajnoczi (stefan.hajnoczi@demo.summit.test) as minute-taker",
  ],
  ["demo.loaded", {}, "loaded the demo summit"],
  ["summit.visibility_changed", { isPublic: true }, "made the agenda public once published"],
  ["summit.visibility_changed", { isPublic: false }, "made the agenda visible to attendees only"],
  ["agenda_item.proposed", { number: 3, title: "Firmware blobs", status: "draft" }, "proposed item 3 “Firmware blobs”"],
  ["agenda_item.edited", { number: 3, revision: 2, changed: ["title"] }, "revised item 3 (revision 2)"],
  ["agenda_item.submitted", { number: 3, from: "draft", to: "submitted" }, "submitted item 3"],
  ["agenda_item.withdrawn", { number: 3 }, "withdrew item 3"],
  ["agenda_item.accepted", { number: 3 }, "accepted item 3"],
  ["agenda_item.declined", { number: 3, note: "Out of scope" }, "declined item 3"],
  ["agenda_item.returned", { number: 3, note: "Say who" }, "returned item 3 for changes"],
  ["agenda_item.merged", { number: 3, into: 5 }, "merged item 3 into item 5"],
  ["agenda_item.absorbed", { number: 5, from: 3, cosponsorsAdded: 2 }, "took item 3's co-sponsors into item 5"],
  ["agenda_item.reopened", { number: 3 }, "reopened item 3"],
  ["agenda_item.cosponsored", { number: 3 }, "co-sponsored item 3"],
  ["agenda_item.unsponsored", { number: 3 }, "withdrew their co-sponsorship of item 3"],
  [
    "eligibility.rule_added",
    { rule: "top 20 contributors by commits", addedCount: 20, removedCount: 0 },
    "added the eligibility rule “top 20 contributors by commits” (20 added, 0 dropped out)",
  ],
  [
    "eligibility.rule_removed",
    { rule: "maintainers of MAINTAINERS", addedCount: 0, removedCount: 7 },
    "removed the eligibility rule “maintainers of MAINTAINERS” (0 added, 7 dropped out)",
  ],
  ["eligibility.rule_added", {}, "added the eligibility rule “” (0 added, 0 dropped out)"],
  ["summit.open_settings_changed", { isOpen: true }, "changed the open-summit settings"],
  ["contributors.imported", { contributors: 412, label: "qemu.git" }, "imported 412 contributors from qemu.git"],
  ["contributors.source_removed", { label: "qemu.git" }, "removed the contributor source qemu.git"],
  [
    "responsibility.maintainers_imported",
    { entries: 230, label: "MAINTAINERS at v2.10.0" },
    "imported 230 maintainers from MAINTAINERS at v2.10.0",
  ],
  ["responsibility.maintainers_imported", { entries: 230 }, "imported 230 maintainers from MAINTAINERS"],
  [
    "responsibility.added",
    { email: "kwolf@example.org", displayName: "Kevin Wolf", role: "block layer maintainer" },
    "named Kevin Wolf (kwolf@example.org) block layer maintainer",
  ],
  [
    "responsibility.removed",
    { email: "kwolf@example.org", displayName: "Kevin Wolf", role: "block layer maintainer" },
    "removed Kevin Wolf (kwolf@example.org) as block layer maintainer",
  ],
];

const NEWER: [string, Record<string, unknown>, string][] = [
  [
    "invitation.invited_eligible",
    { invited: 12, waitlisted: 3, rejected: 0 },
    "invited everyone eligible: 12 invited, 3 waitlisted",
  ],
  [
    "invitation.invited_eligible",
    { invited: 1, waitlisted: 0, rejected: 1 },
    "invited everyone eligible: 1 invited, 0 waitlisted; 1 address could not receive mail",
  ],
  [
    "invitation.invited_eligible",
    { invited: 0, waitlisted: 4, rejected: 2 },
    "invited everyone eligible: 0 invited, 4 waitlisted; 2 addresses could not receive mail",
  ],
  ["invitation.sent", { email: "gerd@example.org", name: "Gerd Hoffmann" }, "invited Gerd Hoffmann (gerd@example.org)"],
  ["invitation.sent", { email: "gerd@example.org", name: "" }, "invited gerd@example.org"],
  [
    "invitation.waitlisted",
    { email: "gerd@example.org", name: "Gerd Hoffmann" },
    "put Gerd Hoffmann (gerd@example.org) on the waitlist: every seat was taken",
  ],
  [
    "invitation.resent",
    { email: "gerd@example.org", name: "Gerd Hoffmann", sends: 2 },
    "sent Gerd Hoffmann (gerd@example.org) a new invitation link (send 2)",
  ],
  [
    "invitation.revoked",
    { email: "gerd@example.org", name: "Gerd Hoffmann", was: "accepted" },
    "revoked the invitation of Gerd Hoffmann (gerd@example.org) (it was accepted)",
  ],
  [
    "invitation.revoked",
    { email: "gerd@example.org", name: "Gerd Hoffmann", was: "invited" },
    "revoked the invitation of Gerd Hoffmann (gerd@example.org) (it was waiting for an answer)",
  ],
  [
    "invitation.revoked",
    { email: "gerd@example.org", name: "", was: "waitlisted" },
    "revoked the invitation of gerd@example.org (it was on the waitlist)",
  ],
  [
    "invitation.revoked",
    { email: "gerd@example.org", name: "", was: "constructor" },
    "revoked the invitation of gerd@example.org",
  ],
  [
    "invitation.offered_free_seat",
    { email: "gerd@example.org", name: "Gerd Hoffmann" },
    "offered a freed seat to Gerd Hoffmann (gerd@example.org), first on the waitlist",
  ],
  ["invitation.accepted", { email: "gerd@example.org", name: "Gerd Hoffmann" }, "accepted the invitation"],
  ["invitation.declined", { email: "gerd@example.org", name: "Gerd Hoffmann" }, "declined the invitation"],
  ["seat_request.created", { email: "gerd@example.org" }, "asked for a seat"],
  ["seat_request.withdrawn", {}, "withdrew their seat request"],
  [
    "seat_request.approved",
    { email: "gerd@example.org", displayName: "Gerd Hoffmann", invitation: "invited" },
    "approved the seat request of Gerd Hoffmann (gerd@example.org) and invited them",
  ],
  [
    "seat_request.approved",
    { email: "gerd@example.org", displayName: "Gerd Hoffmann", invitation: "waitlisted" },
    "approved the seat request of Gerd Hoffmann (gerd@example.org) and put them on the waitlist",
  ],
  [
    "seat_request.refused",
    { email: "gerd@example.org", displayName: "Gerd Hoffmann", reason: "Full." },
    "refused the seat request of Gerd Hoffmann (gerd@example.org)",
  ],
  [
    "user.created",
    { email: "stefan@example.org", displayName: "Stefan Hajnoczi" },
    "created the account of Stefan Hajnoczi (stefan@example.org)",
  ],
  ["user.created", {}, "created their account"],
  [
    "user.admin_granted",
    { email: "admin@example.org", via: "command line" },
    "made admin@example.org an administrator (from the command line)",
  ],
  ["user.display_name_changed", { displayName: "Stefan Hajnoczi" }, "changed their name to Stefan Hajnoczi"],
  ["user.signed_out_everywhere", {}, "signed out everywhere"],
  [
    "outbox.confirm",
    { messageId: "<m1@summit.example.org>", kind: "minutes" },
    "confirmed that the minutes mail <m1@summit.example.org> arrived",
  ],
  [
    "outbox.resend",
    { messageId: "<m1@summit.example.org>", kind: "invitation", previousStatus: "dead" },
    "queued the invitation mail <m1@summit.example.org> again (it was given up)",
  ],
  [
    "outbox.resend",
    { messageId: "<m1@summit.example.org>", kind: "minutes", previousStatus: "needs_confirmation" },
    "queued the minutes mail <m1@summit.example.org> again (it was held for confirmation)",
  ],
  [
    "outbox.resend",
    { messageId: "<m1@summit.example.org>", previousStatus: null },
    "queued the mail <m1@summit.example.org> again",
  ],
  ["vote.set_up", { method: "ranked", secret: false }, "set the vote to ranked ballots (Schulze), open ballots"],
  ["vote.set_up", { method: "dots", secret: true }, "set the vote to dot voting, secret"],
  ["vote.opened", { roll: 22, items: 9 }, "opened voting: 22 on the roll, 9 items on the ballot"],
  ["agenda.days_set", { days: ["2017-10-25 13:30-18:00"], breaks: 1 }, "set the summit's days: 2017-10-25 13:30-18:00"],
  ["agenda.item_pinned", { number: 4, at: "2017-10-25 14:00" }, "put item 4 at 2017-10-25 14:00"],
  ["agenda.item_unpinned", { number: 4 }, "let item 4 take its place from the vote again"],
  ["agenda.items_swapped", { number: 4, with: 2 }, "swapped items 4 and 2"],
  ["agenda.published", { slots: 7, overflow: 2 }, "published the agenda: 7 items on the day, 2 to the list"],
  [
    "vote.roll_updated",
    { added: ["Ada Lovelace", "Paul Brook"], removed: ["Kevin Wolf"], kept: [] },
    "updated the roll: 2 added, 1 taken off",
  ],
  ["vote.closed", { voted: 19, roll: 22 }, "closed voting: 19 of 22 voted"],
  ["vote.ballot_cast", { replaced: false }, "cast their ballot"],
  ["vote.ballot_cast", { replaced: true }, "changed their ballot"],
  ["poll.opened", { number: 3, roll: 12, secret: false }, "opened a poll on item 3: 12 on its roll"],
  ["poll.opened", { number: 3, roll: 12, secret: true }, "opened a secret poll on item 3: 12 on its roll"],
  ["poll.answered", { number: 3, replaced: false }, "answered the poll on item 3"],
  ["poll.answered", { number: 3, replaced: true }, "changed their answer to the poll on item 3"],
  ["poll.closed", { answered: 9, roll: 12, verdict: "blocked" }, "closed a poll: 9 of 12 answered, blocked"],
  ["poll.decision_recorded", { number: 3, replaced: false }, "recorded the tentative decision of item 3"],
];

describe("AUDIT_WORDING", () => {
  it.each(TODAY)("reads %s as it did before the move: %j → %s", (action, detail, sentence) => {
    expect(describeAuditEntry(AUDIT_WORDING, action, detail)).toBe(sentence);
  });

  it.each(NEWER)("reads %s in its own words: %j → %s", (action, detail, sentence) => {
    expect(Object.hasOwn(AUDIT_WORDING, action)).toBe(true);
    expect(describeAuditEntry(AUDIT_WORDING, action, detail)).toBe(sentence);
  });

  it("has every sentence pinned above, each a phrase that follows the actor's name", () => {
    const pinned = new Set([...TODAY, ...NEWER].map(([action]) => action));
    expect(Object.keys(AUDIT_WORDING).filter((action) => !pinned.has(action))).toEqual([]);
    for (const [action, detail] of [...TODAY, ...NEWER]) {
      const sentence = describeAuditEntry(AUDIT_WORDING, action, detail);
      expect(sentence, action).toMatch(/^[a-z]/);
      expect(sentence, action).not.toMatch(/\.$|\bundefined\b|\bnull\b|\bNaN\b|\[object/);
    }
  });

  it("cannot be changed once built", () => {
    expect(Object.isFrozen(AUDIT_WORDING)).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// Every action the app records, read from its source.

const APP = fileURLToPath(new URL("../../", import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/**
 * Where the expression starting at `start` ends: at a comma or a closing
 * bracket outside brackets and strings (a template's `${…}` counts as a bracket).
 */
function expressionEnd(source: string, start: number): number {
  const open: string[] = [];
  for (let i = start; i < source.length; i++) {
    const c = source[i]!;
    const inString = open[open.length - 1];
    if (inString === '"' || inString === "'" || inString === "`") {
      if (c === "\\") i++;
      else if (c === inString) open.pop();
      else if (inString === "`" && c === "$" && source[i + 1] === "{") {
        open.push("{");
        i++;
      }
      continue;
    }
    if (c === '"' || c === "'" || c === "`" || c === "(" || c === "[" || c === "{") open.push(c);
    else if (c === ")" || c === "]" || c === "}") {
      if (open.length === 0) return i;
      open.pop();
    } else if (c === "," && open.length === 0) return i;
  }
  throw new Error("An expression runs to the end of its file.");
}

interface ActionUse {
  file: string;
  expression: string;
}

/**
 * The `action:` of every `recordAudit(` call under app/, as written there, and
 * of every call of a query named `…Audited(`, which writes its audit entry in
 * its own statement.
 */
function recordedActions(): ActionUse[] {
  const uses: ActionUse[] = [];
  for (const path of sourceFiles(APP)) {
    const source = readFileSync(path, "utf8");
    const file = relative(APP, path);
    for (const call of source.matchAll(/\b(?:recordAudit|\w+Audited)\(/g)) {
      const args: string[] = [];
      for (let at = call.index + call[0].length; ;) {
        const end = expressionEnd(source, at);
        args.push(source.slice(at, end).trim());
        if (source[end] !== ",") break;
        at = end + 1;
      }
      // The entry is the call's second argument, an object literal.
      const entry = args[1] ?? "";
      if (!entry.startsWith("{")) throw new Error(`${file}: recordAudit is given an entry that is not written out`);
      const key = /\baction\s*:/.exec(entry);
      if (!key) throw new Error(`${file}: a recordAudit call without an action`);
      const body = entry.slice(key.index + key[0].length);
      uses.push({ file, expression: body.slice(0, expressionEnd(body, 0)).trim() });
    }
  }
  return uses;
}

/**
 * Actions computed in the call, with every value they take. A new computed
 * action must be listed here with all of its values, so the test can check
 * each has its sentence. Keyed by the file's name and the expression.
 */
const COMPUTED: Record<string, string[]> = {
  "commands.server.ts: `summit.${role}_named`": ["summit.organizer_named", "summit.minute_taker_named"],
  "commands.server.ts: `summit.${role}_removed`": ["summit.organizer_removed", "summit.minute_taker_removed"],
  "rules.server.ts: args.action": ["eligibility.rule_added", "eligibility.rule_removed"],
};

const ACTION_NAME = /^[a-z_]+\.[a-z_]+$/;

/** The action names one call can record: its string literals, or the listed values of a computed action. */
function actionsOf(use: ActionUse): string[] {
  const literals = [...use.expression.matchAll(/"([^"]*)"/g)].map((m) => m[1]!).filter((s) => ACTION_NAME.test(s));
  const key = `${basename(use.file)}: ${use.expression}`;
  if (!use.expression.includes("`") && literals.length > 0) return literals;
  const values = COMPUTED[key];
  if (!values)
    throw new Error(`${use.file} records the computed action ${use.expression}: list its values in COMPUTED`);
  return values;
}

function sourceOf(file: string): string {
  return readFileSync(join(APP, file), "utf8");
}

describe("the actions the app records", () => {
  const uses = recordedActions();
  const recorded = new Set(uses.flatMap(actionsOf));

  it("are found in the source: literal, chosen between literals, and computed", () => {
    expect(uses.length).toBeGreaterThanOrEqual(30);
    expect(recorded).toContain("summit.created");
    expect(recorded).toContain("invitation.waitlisted"); // from a ternary between two names
    expect(recorded).toContain("agenda_item.absorbed"); // from a template
    expect(recorded).toContain("outbox.resend");
  });

  it("each have a sentence of their own in the registry", () => {
    expect([...recorded].filter((action) => !Object.hasOwn(AUDIT_WORDING, action)).sort()).toEqual([]);
  });

  it("are every action the registry words: no sentence for an action nobody records", () => {
    expect(
      Object.keys(AUDIT_WORDING)
        .filter((action) => !recorded.has(action))
        .sort(),
    ).toEqual([]);
  });

  it("list, for each computed action, only values its file spells out", () => {
    for (const use of uses) {
      const key = `${basename(use.file)}: ${use.expression}`;
      const values = COMPUTED[key];
      if (!values) continue;
      const source = sourceOf(use.file);
      const template = use.expression.startsWith("`")
        ? new RegExp(
            `^${use.expression
              .slice(1, -1)
              .split(/\$\{[^}]*\}/)
              .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
              .join("([a-z_]+)")}$`,
          )
        : null;
      for (const value of values) {
        if (template) {
          const match = template.exec(value);
          expect(match, `${value} is not of the form ${use.expression}`).not.toBeNull();
          for (const part of match!.slice(1))
            expect(source, `${use.file} never spells "${part}"`).toContain(`"${part}"`);
        } else {
          expect(source, `${use.file} never spells "${value}"`).toContain(`"${value}"`);
        }
      }
    }
  });

  it("leave no listed computed action behind once its call is gone", () => {
    const keys = new Set(uses.map((use) => `${basename(use.file)}: ${use.expression}`));
    expect(Object.keys(COMPUTED).filter((key) => !keys.has(key))).toEqual([]);
  });
});
