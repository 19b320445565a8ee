// R13: every route (loader, and each intent of its action) × every role ×
// every object, against the policy table in tests/helpers/route-harness.ts.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import {
  callRoute,
  classify,
  expectedVerdicts,
  failingDatabase,
  formFor,
  importRoute,
  intentsInSource,
  is2xx,
  isAllowed,
  listRouteFiles,
  makeContext,
  MISSING_SLUG,
  objectsOf,
  operationsOf,
  paramsOf,
  PARAM_OBJECTS,
  POLICY,
  postRequest,
  getRequest,
  requestFor,
  ROLES,
  routeFileExists,
  routePath,
  routeParams,
  routeSource,
  ROUTES_NOT_YET_BUILT,
  userOf,
  wellFormed,
  buildFixture,
  existingParamValues,
  type Fixture,
  type ObjectKey,
  type Operation,
  type Role,
  type RouteResult,
} from "../helpers/route-harness";
import { fingerprintTables, type TableFingerprint } from "../helpers/table-fingerprint";
import { describeEachDatabase, type TestDatabase } from "../helpers/test-db";

const BUILT = Object.keys(POLICY).filter((stem) => !ROUTES_NOT_YET_BUILT.includes(stem));
const OPERATIONS: Operation[] = BUILT.filter(routeFileExists).flatMap(operationsOf);

type Fingerprint = Record<string, TableFingerprint>;

/** Tables whose content differs, ignoring the failed-attempt counters where the policy allows them. */
function changedTables(before: Fingerprint, after: Fingerprint, op: Operation): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => {
    if (name === "rate_limit" && op.intent?.countsFailures) return false;
    return JSON.stringify(before[name]) !== JSON.stringify(after[name]);
  });
}

function describeResult(result: RouteResult): string {
  const where = result.location ? ` → ${result.location}` : "";
  const why = result.error instanceof Error ? ` (${result.error.message})` : "";
  return `${result.status}${where}${why}`;
}

describe("the policy table", () => {
  it("has a row for every route file in app/routes", () => {
    const withoutRow = listRouteFiles().filter((stem) => !POLICY[stem]);
    expect(withoutRow, "route files without a row in POLICY (tests/helpers/route-harness.ts)").toEqual([]);
  });

  it("lists exactly the routes that do not exist yet in ROUTES_NOT_YET_BUILT", () => {
    const nowBuilt = ROUTES_NOT_YET_BUILT.filter(routeFileExists);
    expect(nowBuilt, "these routes exist now: remove them from ROUTES_NOT_YET_BUILT and check their rows").toEqual([]);
    const missing = BUILT.filter((stem) => !routeFileExists(stem));
    expect(missing, "rows for routes that do not exist and are not listed as not yet built").toEqual([]);
    for (const stem of ROUTES_NOT_YET_BUILT) expect(POLICY[stem], `row for ${stem}`).toBeDefined();
  });

  it("matches each route's exports and the intents its forms submit", async () => {
    const problems: string[] = [];
    for (const stem of BUILT) {
      const row = POLICY[stem]!;
      const mod = await importRoute(stem);
      if (Boolean(mod.loader) !== Boolean(row.loader)) problems.push(`${stem}: loader exported ${Boolean(mod.loader)}`);
      if (Boolean(mod.action) !== Boolean(row.action)) problems.push(`${stem}: action exported ${Boolean(mod.action)}`);
      const inForms = intentsInSource(routeSource(stem), row.action?.intentField);
      const inRow = (row.action?.intents ?? []).map((i) => i.intent).filter((i): i is string => i !== null);
      if (JSON.stringify([...inRow].sort()) !== JSON.stringify(inForms)) {
        problems.push(`${stem}: forms submit intents ${JSON.stringify(inForms)}, the row has ${JSON.stringify(inRow)}`);
      }
      for (const param of routeParams(stem)) {
        if (!PARAM_OBJECTS[param]) problems.push(`${stem}: no objects for the param ${param}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("derives URLs from file names as Remix does", () => {
    expect(routePath("_index")).toBe("/");
    expect(routePath("login_.verify")).toBe("/login/verify");
    expect(routePath("summits.$slug.manage", { slug: "qemu-2017" })).toBe("/summits/qemu-2017/manage");
    expect(routePath("summits.$slug.roster[.csv]", { slug: "q" })).toBe("/summits/q/roster.csv");
    expect(routePath("dev.mail.$id", { id: "a b" })).toBe("/dev/mail/a%20b");
  });
});

describeEachDatabase("authorization matrix (R13)", (use) => {
  let t: TestDatabase;
  let f: Fixture;
  beforeAll(async () => {
    t = use();
    f = await buildFixture(t.db);
  });

  let cells = 0;

  async function runCell(op: Operation, role: Role, object: ObjectKey) {
    const mod = await importRoute(op.stem);
    const expected = expectedVerdicts(op.access, role, object, op.kind);
    const allowed = isAllowed(expected);
    const request = requestFor(op, f, object, formFor(op, f, object, allowed));
    const context = makeContext(t.db, t.kind, userOf(f, role));
    const result = await callRoute(mod, op.kind, { request, params: paramsOf(op.stem, object, f), context });
    const path = new URL(request.url).pathname;
    return { result, expected, actual: classify(result, op.kind), path };
  }

  for (const op of OPERATIONS) {
    it(`${op.label}: every role × object cell matches the policy, refusals write nothing`, async () => {
      const problems: string[] = [];
      let before = await fingerprintTables(t.db);
      for (const role of ROLES) {
        for (const object of objectsOf(op.stem)) {
          cells++;
          const { result, expected, actual, path } = await runCell(op, role, object);
          const pathAndQuery = path + (op.kind === "loader" ? op.query(f) : "");
          const cell = `${role} × ${object}`;
          if (!expected.includes(actual)) {
            problems.push(`${cell}: expected ${expected.join("|")}, got ${actual} (${describeResult(result)})`);
          }
          if (actual === "login" && result.location !== `/login?next=${encodeURIComponent(pathAndQuery)}`) {
            problems.push(`${cell}: the sign-in redirect does not come back here: ${result.location}`);
          }
          // No 2xx for a summit whose people the asker is not among.
          if (object === "foreign" && op.access.kind === "summit" && is2xx(result)) {
            problems.push(`${cell}: 2xx for the foreign summit`);
          }
          // Pages of the own summit never carry the foreign summit's people.
          if (object === "own" && routeParams(op.stem).includes("slug") && is2xx(result)) {
            const leaked = f.foreignMarkers.filter((m) => result.body.includes(m));
            if (leaked.length > 0) problems.push(`${cell}: shows the foreign summit's ${leaked.join(", ")}`);
          }
          const after = await fingerprintTables(t.db);
          const changed = changedTables(before, after, op);
          if (changed.length > 0) {
            const what = isAllowed(expected) ? "the probe" : "a refused request";
            problems.push(`${cell}: ${what} changed ${changed.join(", ")}`);
            before = after;
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it("covered every cell of the matrix", () => {
    const expectedCells = OPERATIONS.reduce((sum, op) => sum + ROLES.length * objectsOf(op.stem).length, 0);
    expect(cells).toBe(expectedCells);
    console.info(
      `authorization matrix [${t.kind}]: ${OPERATIONS.length} operations × roles × objects = ${cells} cells`,
    );
  });

  it("answers 404 to everyone on the mail viewer in production", async () => {
    for (const stem of ["dev.mail", "dev.mail.$id"].filter((s) => BUILT.includes(s))) {
      const mod = await importRoute(stem);
      for (const role of ROLES) {
        for (const object of objectsOf(stem)) {
          const context = makeContext(t.db, t.kind, userOf(f, role), { config: { NODE_ENV: "production" } });
          const path = routePath(stem, paramsOf(stem, object, f));
          const result = await callRoute(mod, "loader", {
            request: getRequest(path),
            params: paramsOf(stem, object, f),
            context,
          });
          expect(result.status, `${stem} ${role} × ${object}`).toBe(404);
        }
      }
    }
  });

  describe("exceptions in policy code deny (R13)", () => {
    const guarded = OPERATIONS.filter((op) => op.access.kind !== "public" && op.access.kind !== "devOnly");

    it("denies every guarded operation when the database fails, for every role", async () => {
      const broken = failingDatabase(t.db);
      const problems: string[] = [];
      const before = await fingerprintTables(t.db);
      for (const op of guarded) {
        for (const role of ROLES) {
          for (const object of objectsOf(op.stem)) {
            const mod = await importRoute(op.stem);
            // The well-formed form: if a failure were taken as "allowed", it would be acted on.
            const request = requestFor(op, f, object, formFor(op, f, object, false));
            const context = makeContext(broken, t.kind, userOf(f, role));
            const result = await callRoute(mod, op.kind, { request, params: paramsOf(op.stem, object, f), context });
            const verdict = classify(result, op.kind);
            if (!["error", "forbidden", "login"].includes(verdict)) {
              problems.push(`${op.label} ${role} × ${object}: ${describeResult(result)}`);
            }
          }
        }
      }
      expect(problems).toEqual([]);
      expect(await fingerprintTables(t.db)).toEqual(before);
    });

    it("denies summit operations when only the role and invitation look-ups fail, even for their organizers", async () => {
      // The summit is found; the question "may this person act on it?" throws.
      const broken = failingDatabase(t.db, ["summit_role", "invitation", "seat_request"]);
      const problems: string[] = [];
      const before = await fingerprintTables(t.db);
      const summitOps = OPERATIONS.filter((op) => op.access.kind === "summit" || op.access.kind === "capability");
      expect(summitOps.length).toBeGreaterThan(0);
      for (const op of summitOps) {
        for (const role of ROLES.filter((r) => r !== "anonymous")) {
          const mod = await importRoute(op.stem);
          const request = requestFor(op, f, "own", formFor(op, f, "own", false));
          const context = makeContext(broken, t.kind, userOf(f, role));
          const result = await callRoute(mod, op.kind, { request, params: paramsOf(op.stem, "own", f), context });
          const verdict = classify(result, op.kind);
          if (!["error", "forbidden"].includes(verdict))
            problems.push(`${op.label} ${role}: ${describeResult(result)}`);
        }
      }
      expect(problems).toEqual([]);
      expect(await fingerprintTables(t.db)).toEqual(before);
    });
  });

  describe("random identifiers never reach another summit's data (R13)", () => {
    const withParam = OPERATIONS.filter((op) => routeParams(op.stem).length > 0);

    /** Slugs and ids that name nothing: random ones, and near misses of the summits that exist. */
    const identifier = () =>
      fc.oneof(
        fc.uuid(),
        fc.string({ minLength: 1, maxLength: 80 }),
        fc.stringMatching(/^[a-z0-9-]{1,70}$/),
        fc.constantFrom("foreign", "own", "third").chain((which) =>
          fc
            .constantFrom(
              (s: string) => s.toUpperCase(),
              (s: string) => ` ${s}`,
              (s: string) => `${s} `,
              (s: string) => `${s}/`,
              (s: string) => `${s}%`,
              (s: string) => `${s}\u0000`,
              (s: string) => s.slice(0, -1),
              (s: string) => `${s}-`,
              (s: string) => s.replace(/-/g, "_"),
              (s: string) => `${s.slice(0, 6)}%`,
            )
            .map((variant) => ({ which, variant })),
        ),
      );

    it("answers malformed identifiers (NUL, lone surrogate, very long, not a UUID) with a 4xx for every role", async () => {
      const malformed = [`${f.own.slug}\u0000`, "\u0000", "\uD800", "x".repeat(10_000), "not-a-uuid", "../own", "%00"];
      const problems: string[] = [];
      const before = await fingerprintTables(t.db);
      for (const op of withParam) {
        const mod = await importRoute(op.stem);
        // Each param in turn is spoiled; the others name the own summit's objects.
        for (const [name, value] of routeParams(op.stem).flatMap((n) => malformed.map((v) => [n, v] as const))) {
          for (const role of ["anonymous", "member", "organizer", "admin"] as const) {
            // What Remix hands the route: the decoded path segment (a lone surrogate arrives as U+FFFD).
            const params = { ...paramsOf(op.stem, "own", f), [name]: wellFormed(value) };
            const path = routePath(op.stem, params);
            const request =
              op.kind === "loader" ? getRequest(path) : postRequest(path, formFor(op, f, "missing", false));
            const context = makeContext(t.db, t.kind, userOf(f, role));
            const result = await callRoute(mod, op.kind, { request, params, context });
            if (result.status < 400 ? classify(result, op.kind) !== "login" : result.status >= 500) {
              problems.push(
                `${op.label} as ${role} with ${name}=${JSON.stringify(value.slice(0, 40))}: ${describeResult(result)}`,
              );
            }
          }
        }
      }
      expect(problems).toEqual([]);
      expect(await fingerprintTables(t.db)).toEqual(before);
    });

    it("answers no 2xx and writes nothing for identifiers that name no object", async () => {
      expect(withParam.length).toBeGreaterThan(0);
      const before = await fingerprintTables(t.db);
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...withParam)
            .chain((op) => fc.tuple(fc.constant(op), fc.constantFrom(...routeParams(op.stem)))),
          fc.constantFrom<Role>("member", "attendee", "otherOrganizer", "organizer", "admin"),
          identifier(),
          async ([op, name], role, id) => {
            const value =
              typeof id === "string"
                ? id
                : id.variant(id.which === "foreign" ? f.foreign.slug : id.which === "own" ? f.own.slug : f.third.slug);
            fc.pre(!existingParamValues(name, f).includes(value));
            const mod = await importRoute(op.stem);
            // The other params name the own summit's objects: a random item number inside a real summit.
            const params = { ...paramsOf(op.stem, "own", f), [name]: value };
            const path = routePath(op.stem, params);
            const request =
              op.kind === "loader" ? getRequest(path) : postRequest(path, formFor(op, f, "missing", false));
            const context = makeContext(t.db, t.kind, userOf(f, role));
            const result = await callRoute(mod, op.kind, { request, params, context });
            const verdict = classify(result, op.kind);
            const cell = `${op.label} as ${role} with ${name}=${JSON.stringify(value)}: ${describeResult(result)}`;
            expect(["ok", "accepted", "error"], cell).not.toContain(verdict);
            for (const marker of [...f.foreignMarkers, f.foreign.title]) expect(result.body).not.toContain(marker);
          },
        ),
        { numRuns: 150 },
      );
      expect(await fingerprintTables(t.db)).toEqual(before);
    }, 120_000);
  });

  it("finds the own summit's pages for its organizer (the fixture is sound)", async () => {
    const op = OPERATIONS.find((o) => o.stem === "summits.$slug.manage" && o.kind === "loader")!;
    const { result } = await runCell(op, "organizer", "own");
    expect(result.status).toBe(200);
    expect(result.body).toContain(f.own.title);
    const missing = await runCell(op, "organizer", "missing");
    expect(missing.result.status).toBe(404);
    expect(MISSING_SLUG).not.toBe(f.own.slug);
  });
});
