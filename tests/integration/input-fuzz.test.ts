// R14: every action, posted well-formed forms spoiled in one way each (a field
// it does not take, a field twice, an oversized value, a file where text
// belongs, NUL characters, a body that is not a form). Each answer is 400 or
// 422 (or the refusal of someone not allowed) — never a 500 — and the database
// is unchanged.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  BODY_MAX,
  buildFixture,
  callRoute,
  classify,
  expectedVerdicts,
  importRoute,
  isAllowed,
  makeContext,
  operationsOf,
  paramsOf,
  POLICY,
  postRequest,
  rawPostRequest,
  ROLES,
  routeFileExists,
  routePath,
  ROUTES_NOT_YET_BUILT,
  TITLE_MAX,
  userOf,
  type Fixture,
  type FormEntries,
  type ObjectKey,
  type Operation,
  type Role,
  type RouteResult,
} from "../helpers/route-harness";
import { fingerprintTables, type TableFingerprint } from "../helpers/table-fingerprint";
import { describeEachDatabase, type TestDatabase } from "../helpers/test-db";

const ACTIONS: Operation[] = Object.keys(POLICY)
  .filter((stem) => !ROUTES_NOT_YET_BUILT.includes(stem) && routeFileExists(stem))
  .flatMap(operationsOf)
  .filter((op) => op.kind === "action");

/** Keys a form never takes: the fields an attacker would hope to assign. */
const EXTRA_KEYS = ["role", "voterId", "summitId", "status", "isAdmin", "user_id", "is_admin", "phase", "id", "email"];

/** The object an action is fuzzed on: the own summit (or token), or none. */
function primaryObject(op: Operation): ObjectKey {
  return op.stem.includes("$") ? "own" : "none";
}

/** Someone allowed to act, so the input reaches the schema; and someone refused, if anyone is. */
function rolesFor(op: Operation): { allowed: Role; refused: Role | null } {
  const object = primaryObject(op);
  // The plainest person allowed: a member where any signed-in person may act, and so on.
  const first: Record<Operation["access"]["kind"], Role> = {
    public: "anonymous",
    devOnly: "anonymous",
    capability: "anonymous",
    signedIn: "member",
    admin: "admin",
    summit: "organizer",
  };
  const preference: Role[] = [...(op.intent?.actor ? [op.intent.actor] : []), first[op.access.kind], ...ROLES];
  const allowed = preference.find((r) => isAllowed(expectedVerdicts(op.access, r, object, op.kind)));
  if (!allowed) throw new Error(`${op.label}: nobody may do this`);
  const refused = ROLES.find((r) => !isAllowed(expectedVerdicts(op.access, r, object, op.kind))) ?? null;
  return { allowed, refused };
}

/** The well-formed form of an operation, intent first. */
function validEntries(op: Operation, f: Fixture): FormEntries {
  const entries: FormEntries = [];
  if (op.intent?.intent != null) entries.push([op.intentField, op.intent.intent]);
  entries.push(...Object.entries(op.intent!.valid(f, primaryObject(op))));
  return entries;
}

/** Text with lone surrogates and other awkward code points mixed in (they reach the server as U+FFFD). */
const awkwardText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom("\uD800", "\uDFFF", "a\uD83Dz", "\u202E", "\uFEFF", "admin", "true", "organizer", "published"),
);

/** One way of spoiling a form; each yields input a strict schema must refuse. */
type Spoil =
  | { kind: "extra-keys"; keys: Array<[string, string]> }
  | { kind: "duplicate"; index: number; value: string }
  | { kind: "oversized"; index: number; char: string; extra: number }
  | { kind: "file"; index: number }
  | { kind: "nul"; index: number; at: number; surrogate: boolean }
  | { kind: "not-a-form"; body: "json" | "text" | "bad-multipart" };

const spoil: fc.Arbitrary<Spoil> = fc.oneof(
  fc.record({
    kind: fc.constant("extra-keys" as const),
    keys: fc.array(fc.tuple(fc.constantFrom(...EXTRA_KEYS), awkwardText), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant("duplicate" as const), index: fc.nat(), value: awkwardText }),
  fc.record({
    kind: fc.constant("oversized" as const),
    index: fc.nat(),
    char: fc.constantFrom("x", "é", "字", "😀", "\uD800"),
    extra: fc.integer({ min: 1, max: 3000 }),
  }),
  fc.record({ kind: fc.constant("file" as const), index: fc.nat() }),
  fc.record({ kind: fc.constant("nul" as const), index: fc.nat(), at: fc.nat(), surrogate: fc.boolean() }),
  fc.record({
    kind: fc.constant("not-a-form" as const),
    body: fc.constantFrom("json" as const, "text" as const, "bad-multipart" as const),
  }),
);

/** The longest value a field may hold by R14: titles 200, anything else 20,000 unless the row says more. */
function boundOf(op: Operation, field: string): number {
  if (op.intent?.longFields?.[field] !== undefined) return op.intent.longFields[field]!;
  return field === "title" ? TITLE_MAX : BODY_MAX;
}

interface Spoiled {
  entries: FormEntries | null;
  raw: { body: string | Uint8Array; contentType: string } | null;
}

function applySpoil(op: Operation, base: FormEntries, s: Spoil): Spoiled {
  const entries: FormEntries = base.map(([k, v]) => [k, v]);
  const pick = (index: number) => index % entries.length;
  switch (s.kind) {
    case "extra-keys":
      return { entries: [...entries, ...s.keys], raw: null };
    case "duplicate": {
      const [key] = entries[pick(s.index)]!;
      return { entries: [...entries, [key, s.value]], raw: null };
    }
    case "oversized": {
      const i = pick(s.index);
      const [key] = entries[i]!;
      // Code points, so that the length in any unit is over the bound (plain bytes for the multi-megabyte ones).
      const bound = boundOf(op, key);
      entries[i] = [key, (bound > BODY_MAX ? "x" : s.char).repeat(bound + s.extra)];
      return { entries, raw: null };
    }
    case "file": {
      const i = pick(s.index);
      entries[i] = [entries[i]![0], new Blob([String(entries[i]![1])], { type: "text/plain" })];
      return { entries, raw: null };
    }
    case "nul": {
      const i = pick(s.index);
      const [key, value] = entries[i]!;
      const text = String(value);
      const at = s.at % (text.length + 1);
      entries[i] = [key, `${text.slice(0, at)}\u0000${s.surrogate ? "\uDC00" : ""}${text.slice(at)}`];
      return { entries, raw: null };
    }
    case "not-a-form": {
      const fields = Object.fromEntries(entries.map(([k, v]) => [k, String(v)]));
      if (s.body === "json")
        return { entries: null, raw: { body: JSON.stringify(fields), contentType: "application/json" } };
      if (s.body === "text")
        return { entries: null, raw: { body: new URLSearchParams(fields).toString(), contentType: "text/plain" } };
      return {
        entries: null,
        raw: {
          body: '--x\r\nContent-Disposition: form-data; name="intent"\r\n\r\n',
          contentType: "multipart/form-data; boundary=x",
        },
      };
    }
  }
}

type Fingerprint = Record<string, TableFingerprint>;

function changedTables(before: Fingerprint, after: Fingerprint, op: Operation): string[] {
  return Object.keys({ ...before, ...after }).filter((name) => {
    if (name === "rate_limit" && op.intent?.countsFailures) return false;
    return JSON.stringify(before[name]) !== JSON.stringify(after[name]);
  });
}

/** A refused input: 400 or 422, or 413 for a body over the size limit. */
const REFUSED = [400, 413, 422];

/** For a pasted file's text, a NUL makes a garbage line, reported in the preview: accepting is right, a 500 is not. */
function nulMayBeAccepted(op: Operation, field: string): boolean {
  return op.intent?.parsedText?.includes(field) ?? false;
}

function show(result: RouteResult): string {
  const why = result.error instanceof Error ? ` ${result.error.message}` : "";
  return `${result.status}${result.location ? ` → ${result.location}` : ""}${why} ${result.body.slice(0, 160)}`;
}

/** A value as a report shows it: short, with its end (where a NUL may be) kept. */
function clip(value: string): string {
  return value.length <= 60 ? value : `${value.slice(0, 30)}…${value.slice(-20)} (${value.length} chars)`;
}

/** Whether a spoiling applies: forms without fields cannot be given a wrong body that is still wrong. */
function applicable(base: FormEntries, s: Spoil): boolean {
  if (base.length === 0) return s.kind === "extra-keys";
  return true;
}

describe("the fuzzed actions", () => {
  it("include every action of every built route", () => {
    expect(ACTIONS.length).toBeGreaterThan(0);
    for (const stem of Object.keys(POLICY).filter((s) => !ROUTES_NOT_YET_BUILT.includes(s))) {
      const intents = POLICY[stem]!.action?.intents.length ?? 0;
      expect(
        ACTIONS.filter((op) => op.stem === stem),
        stem,
      ).toHaveLength(intents);
    }
  });
});

describeEachDatabase("strict input on every action (R14)", (use) => {
  let t: TestDatabase;
  let f: Fixture;
  beforeAll(async () => {
    t = use();
    f = await buildFixture(t.db);
  });

  async function post(op: Operation, role: Role, spoiled: Spoiled): Promise<RouteResult> {
    const object = primaryObject(op);
    const params = paramsOf(op.stem, object, f);
    const path = routePath(op.stem, params);
    const request = spoiled.entries
      ? postRequest(path, spoiled.entries)
      : rawPostRequest(path, spoiled.raw!.body, spoiled.raw!.contentType);
    const context = makeContext(t.db, t.kind, userOf(f, role));
    return callRoute(await importRoute(op.stem), "action", { request, params, context });
  }

  for (const op of ACTIONS) {
    const { allowed, refused } = rolesFor(op);

    it(`${op.label}: spoiled forms from ${allowed} get 400 or 422 and change nothing`, async () => {
      let before = await fingerprintTables(t.db);
      const base = validEntries(op, f);
      await fc.assert(
        fc.asyncProperty(spoil, async (s) => {
          fc.pre(applicable(base, s));
          const result = await post(op, allowed, applySpoil(op, base, s));
          const after = await fingerprintTables(t.db);
          const changed = changedTables(before, after, op);
          before = after;
          const what = `${JSON.stringify(s).slice(0, 300)} → ${show(result)}`;
          if (s.kind === "nul" && nulMayBeAccepted(op, String(base[s.index % base.length]![0]))) {
            expect(result.status, what).toBeLessThan(500);
            return;
          }
          expect(REFUSED, what).toContain(result.status);
          expect(changed, `${JSON.stringify(s).slice(0, 300)} changed the database`).toEqual([]);
        }),
        { numRuns: 40 },
      );
    });

    if (refused) {
      it(`${op.label}: spoiled forms from ${refused} are refused without a 500 and change nothing`, async () => {
        const before = await fingerprintTables(t.db);
        const base = validEntries(op, f);
        const expected = expectedVerdicts(op.access, refused, primaryObject(op), op.kind);
        await fc.assert(
          fc.asyncProperty(spoil, async (s) => {
            fc.pre(applicable(base, s));
            const result = await post(op, refused, applySpoil(op, base, s));
            // Parsing before the guard is allowed (STYLE: parse → guard), so a 400 is a refusal too.
            expect([...expected, "badRequest"], `${JSON.stringify(s).slice(0, 300)} → ${show(result)}`).toContain(
              classify(result, "action"),
            );
          }),
          { numRuns: 15 },
        );
        expect(await fingerprintTables(t.db)).toEqual(before);
      });
    }
  }

  /** Every field of every action, spoiled one way: the answers that are not 400 or 422, or that wrote. */
  async function eachField(
    spoilField: (key: string, value: string, op: Operation) => Array<[string, string | Blob]> | null,
    includeIntent = false,
    mayAccept: (op: Operation, key: string) => boolean = () => false,
  ): Promise<string[]> {
    const problems: string[] = [];
    for (const op of ACTIONS) {
      const base = validEntries(op, f);
      for (const [i, [key, value]] of base.entries()) {
        if (key === op.intentField && !includeIntent) continue;
        const replacement = spoilField(key, String(value), op);
        if (!replacement) continue;
        const entries: FormEntries = [...base.slice(0, i), ...replacement, ...base.slice(i + 1)];
        const before = await fingerprintTables(t.db);
        const result = await post(op, rolesFor(op).allowed, { entries, raw: null });
        const changed = changedTables(before, await fingerprintTables(t.db), op);
        const input = JSON.stringify(entries.map(([k, v]) => [k, typeof v === "string" ? clip(v) : "(file)"]));
        if (mayAccept(op, key)) {
          if (result.status >= 500) problems.push(`${op.label} ${input} → ${show(result)}`);
          continue;
        }
        if (!REFUSED.includes(result.status)) problems.push(`${op.label} ${input} → ${show(result)}`);
        if (changed.length > 0) problems.push(`${op.label} ${input} changed ${changed.join(", ")}`);
      }
    }
    return problems;
  }

  it("refuses a NUL character in any field, with no 500", async () => {
    const atEnd = await eachField((key, value) => [[key, `${value}\u0000`]], true, nulMayBeAccepted);
    const inside = await eachField(
      (key, value) => [[key, `${value.slice(0, 3)}\u0000${value.slice(3)}`]],
      true,
      nulMayBeAccepted,
    );
    expect([...atEnd, ...inside]).toEqual([]);
  }, 120_000);

  it("refuses text that is not UTF-8 in any field (a bad escape or a raw byte), with no 500 and nothing stored", async () => {
    const problems: string[] = [];
    const encoded = (value: string | Blob) => encodeURIComponent(String(value));
    for (const op of ACTIONS) {
      const base = validEntries(op, f);
      if (base.some(([, value]) => typeof value !== "string")) continue;
      for (const [i, [key]] of base.entries()) {
        const pairs = (spoilt: string) =>
          base.map(([k, v], j) => `${encodeURIComponent(k)}=${encoded(v)}${j === i ? spoilt : ""}`).join("&");
        const bodies: Array<[string, string | Uint8Array]> = [
          ["%FF", pairs("%FF")],
          ["a lone continuation byte %80", pairs("%80")],
          ["a cut sequence %E2%82", pairs("%E2%82")],
          ["an escaped surrogate %ED%A0%80", pairs("%ED%A0%80")],
          ["a raw byte 0xFF", Uint8Array.from([...Buffer.from(pairs("")), 0xff])],
        ];
        for (const [what, body] of bodies) {
          // A raw byte goes at the end of the body, which is the last field's value.
          if (typeof body !== "string" && i !== base.length - 1) continue;
          const before = await fingerprintTables(t.db);
          const result = await post(op, rolesFor(op).allowed, {
            entries: null,
            raw: { body, contentType: "application/x-www-form-urlencoded" },
          });
          const changed = changedTables(before, await fingerprintTables(t.db), op);
          if (result.status !== 400) problems.push(`${op.label} ${key} with ${what} → ${show(result)}`);
          if (changed.length > 0) problems.push(`${op.label} ${key} with ${what} changed ${changed.join(", ")}`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it("refuses a file where any text field belongs", async () => {
    expect(await eachField((key, value) => [[key, new Blob([value])]], true)).toEqual([]);
  }, 120_000);

  it("refuses any field sent twice", async () => {
    expect(
      await eachField(
        (key, value) => [
          [key, value],
          [key, value],
        ],
        true,
      ),
    ).toEqual([]);
  }, 120_000);

  it("refuses every field a form does not take (no mass assignment)", async () => {
    const problems: string[] = [];
    for (const extra of EXTRA_KEYS) {
      problems.push(
        ...(await eachField(
          (key, value, op) =>
            key === op.intentField
              ? [
                  [key, value],
                  [extra, "1"],
                ]
              : null,
          true,
        )),
      );
    }
    // Forms whose only field is the intent, or that have none at all.
    for (const op of ACTIONS.filter((o) => validEntries(o, f).length === 0)) {
      for (const extra of EXTRA_KEYS) {
        const result = await post(op, rolesFor(op).allowed, { entries: [[extra, "1"]], raw: null });
        if (!REFUSED.includes(result.status)) problems.push(`${op.label} ${extra}=1 → ${show(result)}`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it("refuses a title of 201 characters and a body of 20,001 wherever such fields are taken", async () => {
    const problems: string[] = [];
    for (const op of ACTIONS) {
      const base = validEntries(op, f);
      for (const [i, [key]] of base.entries()) {
        if (key === op.intentField) continue;
        const bound = boundOf(op, key);
        const entries: FormEntries = base.map(([k, v]) => [k, v]);
        entries[i] = [key, "t".repeat(bound + 1)];
        // Per operation, so that a refused sign-in token may count towards its rate limit (R12) as elsewhere here.
        const before = await fingerprintTables(t.db);
        const result = await post(op, rolesFor(op).allowed, { entries, raw: null });
        const changed = changedTables(before, await fingerprintTables(t.db), op);
        if (!REFUSED.includes(result.status)) problems.push(`${op.label} ${key}=${bound + 1} chars → ${show(result)}`);
        if (changed.length > 0) problems.push(`${op.label} ${key}=${bound + 1} chars changed ${changed.join(", ")}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describeEachDatabase("the well-formed forms the fuzzing starts from", (use) => {
  // Run on a database of their own, last: these are accepted and change it.
  it("are accepted when nothing is spoiled, so each refusal above is the spoiling's doing", async () => {
    const t = use();
    const problems: string[] = [];
    for (const op of ACTIONS) {
      if (op.intent?.validIsRefused) continue;
      // A fresh set of summits and people for each, so one form's effect does not refuse the next.
      const f = await buildFixture(t.db);
      const object = primaryObject(op);
      const params = { ...paramsOf(op.stem, object, f), ...op.intent?.acceptedAt?.(f) };
      const entries = validEntries(op, f);
      const context = makeContext(t.db, t.kind, userOf(f, rolesFor(op).allowed));
      const request = postRequest(routePath(op.stem, params), entries);
      const result = await callRoute(await importRoute(op.stem), "action", { request, params, context });
      // A redirect after a change, or a page (an import's preview).
      if (!["accepted", "ok"].includes(classify(result, "action"))) problems.push(`${op.label}: ${show(result)}`);
    }
    expect(problems).toEqual([]);
  });
});
