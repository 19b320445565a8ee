import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AppLoadContext } from "@remix-run/node";
import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from "kysely";
import type { DatabaseKind } from "../../db/client";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../../app/auth/session.server";
import { parseConfig } from "../../app/lib/config.server";
import { loadContextFor } from "./load-context";

/** Where the app's routes live; every file in it is a route (flat routes, no folders). */
export const ROUTES_DIR = fileURLToPath(new URL("../../app/routes/", import.meta.url));

export const ORIGIN = "http://localhost:3000";

/** The route files, by their name without extension: "summits.$slug.manage", "summits.$slug.roster[.csv]". */
export function listRouteFiles(): string[] {
  return readdirSync(ROUTES_DIR)
    .filter((name) => /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name))
    .map((name) => name.replace(/\.tsx?$/, ""))
    .sort();
}

function routeFilePath(stem: string): string | null {
  for (const ext of [".tsx", ".ts"]) {
    const path = join(ROUTES_DIR, stem + ext);
    if (existsSync(path)) return path;
  }
  return null;
}

export function routeFileExists(stem: string): boolean {
  return routeFilePath(stem) !== null;
}

export function routeSource(stem: string): string {
  const path = routeFilePath(stem);
  if (!path) throw new Error(`no route file app/routes/${stem}.ts(x)`);
  return readFileSync(path, "utf8");
}

export interface RouteModule {
  loader?: (args: RouteArgs) => unknown;
  action?: (args: RouteArgs) => unknown;
}

export interface RouteArgs {
  request: Request;
  params: Record<string, string | undefined>;
  context: AppLoadContext;
}

export async function importRoute(stem: string): Promise<RouteModule> {
  const path = routeFilePath(stem);
  if (!path) throw new Error(`no route file app/routes/${stem}.ts(x)`);
  return (await import(/* @vite-ignore */ path)) as RouteModule;
}

/**
 * The URL path of a flat route file name, with its params filled in (Remix v2
 * conventions): "." separates segments, "$name" is a param, "[...]" escapes,
 * a trailing "_" on a segment only leaves the layout, "_index" is the index.
 */
export function routePath(stem: string, params: Record<string, string> = {}): string {
  const segments: string[] = [];
  let current = "";
  let escaped = false;
  // Characters inside [] are marked with a private-use character, so an escaped "." or "_" stays literal.
  for (const char of stem) {
    if (char === "[") escaped = true;
    else if (char === "]") escaped = false;
    else if (char === "." && !escaped) {
      segments.push(current);
      current = "";
    } else current += escaped ? `\uE000${char}` : char;
  }
  segments.push(current);
  const parts: string[] = [];
  for (const raw of segments) {
    // "_index" and pathless layouts ("_auth") add no segment.
    if (raw.startsWith("_")) continue;
    const literal = raw.replace(/\uE000/g, "");
    if (raw.startsWith("$")) {
      const name = literal.slice(1).replace(/_$/, "");
      const value = params[name];
      if (value === undefined) throw new Error(`route ${stem} needs the param ${name}`);
      parts.push(encodeURIComponent(wellFormed(value)));
      continue;
    }
    parts.push(raw.endsWith("_") && !raw.endsWith("\uE000_") ? literal.slice(0, -1) : literal);
  }
  return "/" + parts.filter((p) => p !== "").join("/");
}

/**
 * Text as it reaches the server: a lone surrogate cannot be encoded in UTF-8,
 * so browsers and URL/form encoders send U+FFFD in its place.
 */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/** The params a route file name declares ("$slug" → "slug"). */
export function routeParams(stem: string): string[] {
  // A trailing "_" ("$number_") only leaves the parent's layout; it is not part of the name.
  return [...stem.matchAll(/\$([A-Za-z0-9_]+)/g)].map((m) => m[1]!.replace(/_$/, ""));
}

/** The intents a route's forms submit: the values of `name="intent"` fields and buttons in its source. */
export function intentsInSource(source: string, field = "intent"): string[] {
  const found = new Set<string>();
  const name = `name="${field}"`;
  const pattern = new RegExp(`${name}[^<>]*?value="([^"]+)"|value="([^"]+)"[^<>]*?${name}`, "g");
  for (const m of source.matchAll(pattern)) {
    found.add((m[1] ?? m[2])!);
  }
  return [...found].sort();
}

export interface ContextOptions {
  config?: Record<string, string>;
  clientIp?: string;
}

export function makeContext(
  db: Kysely<Database>,
  dbKind: DatabaseKind,
  user: SessionUser | null,
  options: ContextOptions = {},
): AppLoadContext {
  return loadContextFor(db, dbKind, user, {
    config: parseConfig(options.config ?? {}),
    clientIp: options.clientIp ?? "127.0.0.1",
  });
}

/** A form body: pairs so that duplicate keys and files can be sent as a browser would. */
export type FormEntries = Array<[string, string | Blob]>;

export function formOf(fields: Record<string, string>): FormEntries {
  return Object.entries(fields);
}

export function getRequest(path: string): Request {
  return new Request(`${ORIGIN}${path}`, { headers: { "Sec-Fetch-Site": "same-origin" } });
}

/** URL-encoded when every value is text, multipart otherwise (files). */
export function postRequest(path: string, entries: FormEntries): Request {
  const headers = { "Sec-Fetch-Site": "same-origin", Origin: ORIGIN };
  if (entries.every(([, v]) => typeof v === "string")) {
    const body = new URLSearchParams();
    for (const [k, v] of entries) body.append(k, v as string);
    return new Request(`${ORIGIN}${path}`, { method: "POST", body, headers });
  }
  const body = new FormData();
  for (const [k, v] of entries) body.append(k, v);
  return new Request(`${ORIGIN}${path}`, { method: "POST", body, headers });
}

/** A raw body with its content type, for bytes a browser's encoder would never produce. */
export function rawPostRequest(path: string, body: Uint8Array | string, contentType: string): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    body: body as BodyInit,
    headers: { "Sec-Fetch-Site": "same-origin", Origin: ORIGIN, "Content-Type": contentType },
  });
}

export interface RouteResult {
  status: number;
  /** The Location of a redirect, else null. */
  location: string | null;
  body: string;
  /** The loader or action threw (a Response, as guards do, or an error). */
  thrown: boolean;
  /** A thrown value that was not a Response: Remix would answer 500. */
  error: unknown;
}

async function normalise(value: unknown, thrown: boolean): Promise<RouteResult> {
  if (value instanceof Response) {
    return {
      status: value.status,
      location: value.headers.get("Location"),
      body: await value.text().catch(() => ""),
      thrown,
      error: null,
    };
  }
  if (thrown) return { status: 500, location: null, body: "", thrown, error: value };
  // Without single fetch, Remix serialises a plain returned value as JSON with status 200.
  return { status: 200, location: null, body: value === undefined ? "" : JSON.stringify(value), thrown, error: null };
}

/**
 * Calls a loader or action as Remix would and reports what the client would
 * get: returned and thrown Responses alike, and any other exception as a 500.
 */
export async function callRoute(mod: RouteModule, kind: "loader" | "action", args: RouteArgs): Promise<RouteResult> {
  const fn = mod[kind];
  // Remix answers 405 when the route has no handler for the method.
  if (!fn) return { status: 405, location: null, body: "", thrown: false, error: null };
  try {
    return await normalise(await fn(args), false);
  } catch (error) {
    return normalise(error, true);
  }
}

export type Verdict =
  "ok" | "accepted" | "login" | "forbidden" | "notFound" | "badRequest" | "gone" | "error" | "other";

/** A status and Location as one word, for comparing with a policy table. */
export function classify(result: Pick<RouteResult, "status" | "location">, kind: "loader" | "action"): Verdict {
  const { status, location } = result;
  if (status >= 500) return "error";
  // The guards send anonymous people to sign in, with the way back (`requireUser`).
  if (status >= 300 && status < 400 && location !== null && /^\/login\?next=/.test(location)) return "login";
  if (status === 403) return "forbidden";
  if (status === 404) return "notFound";
  if (status === 400 || status === 422) return "badRequest";
  if (status === 410) return "gone";
  if (status >= 200 && status < 300) return "ok";
  // A successful form post answers with a redirect to a page of the app.
  if (kind === "action" && status >= 300 && status < 400) return "accepted";
  return "other";
}

export function is2xx(result: RouteResult): boolean {
  return result.status >= 200 && result.status < 300;
}

/**
 * A Kysely whose queries fail: every query when `match` is omitted, else
 * those whose SQL tree mentions one of the named tables. The way to make the
 * code that decides permissions throw, to see that it then denies.
 */
export function failingDatabase(db: Kysely<Database>, tables?: string[]): Kysely<Database> {
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs) {
      if (!tables) throw new Error("database unavailable (test)");
      const tree = JSON.stringify(args.node);
      for (const table of tables) {
        if (tree.includes(`"name":"${table}"`)) throw new Error(`query on ${table} failed (test)`);
      }
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs) {
      return args.result;
    },
  };
  return db.withPlugin(plugin);
}

// ---------------------------------------------------------------------------
// The people and summits every route is tried against

/** Who asks. Summit roles are held in the "own" summit; the other organizer runs a third summit. */
export const ROLES = [
  "anonymous",
  "member",
  "invitee",
  "attendee",
  "otherOrganizer",
  "minuteTaker",
  "organizer",
  "admin",
] as const;
export type Role = (typeof ROLES)[number];

/** What a request is about: the summit the roles are held in, another one, one that does not exist; "none" for routes without an object. */
export type ObjectKey = "own" | "foreign" | "missing" | "none";

export interface Fixture {
  users: Record<Exclude<Role, "anonymous">, SessionUser>;
  /** People of the foreign summit, whose details must never show on the own summit's pages. */
  foreignPeople: {
    organizer: SessionUser;
    minuteTaker: SessionUser;
    attendee: SessionUser;
    invitee: SessionUser;
    requester: SessionUser;
  };
  own: { id: string; slug: string; title: string };
  foreign: { id: string; slug: string; title: string };
  third: { id: string; slug: string };
  /** Invitation link tokens of the pending invitations (the database keeps their SHA-256). */
  tokens: { own: string; foreign: string };
  /** Per summit (own, foreign): the pending invitation, a pending seat request and an eligibility rule. */
  ids: Record<
    "own" | "foreign",
    { invitation: string; seatRequest: string; rule: string; responsibility: string; source: string }
  >;
  /** An unused sign-in link token. */
  signInToken: string;
  outboxId: string;
  /** Text that exists only in the foreign summit's private data (people's addresses and names). */
  foreignMarkers: string[];
}

export const MISSING_SLUG = "no-such-summit-anywhere";
export const MISSING_UUID = "7d444840-9dc0-41d7-b9b5-7c1a0d1c7e7f";
export const MISSING_TOKEN = "a".repeat(52);
export const MISSING_ITEM_NUMBER = "999999";
export const SUMMIT_PHASE = "proposals";

let fixtureCounter = 0;

async function insertUser(db: Kysely<Database>, name: string, email: string, isAdmin = false): Promise<SessionUser> {
  const row = await db
    .insertInto("app_user")
    .values({ email, display_name: name, is_admin: isAdmin })
    .returning(["id", "email", "display_name", "is_admin"])
    .executeTakeFirstOrThrow();
  return { id: row.id, email: row.email, displayName: row.display_name, isAdmin: row.is_admin };
}

async function insertSummit(db: Kysely<Database>, slug: string, title: string) {
  return db
    .insertInto("summit")
    .values({
      slug,
      title,
      starts_on: "2027-05-03",
      ends_on: "2027-05-04",
      timezone: "Europe/Prague",
      venue: "Hall B",
      list_address: `${slug}@lists.example.org`,
      phase: SUMMIT_PHASE,
      is_open: true,
      capacity: 40,
    })
    .returning(["id", "slug", "title"])
    .executeTakeFirstOrThrow();
}

/** 52 characters of lower-case base32, the shape of Summit's link tokens. */
export function randomLinkToken(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  return [...randomBytes(52)].map((b) => alphabet[b % 32]).join("");
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Three summits: "own" (where the roles are held), "foreign" (with its own
 * people, none of them ours) and a third run by the other organizer. Roles
 * and invitations are written directly: the fixture must not depend on the
 * code under test.
 */
export async function buildFixture(db: Kysely<Database>): Promise<Fixture> {
  const n = ++fixtureCounter;
  const mail = (local: string) => `${local}.${n}@people.example.org`;
  const own = await insertSummit(db, `own-summit-${n}`, `Own Summit ${n}`);
  const foreign = await insertSummit(db, `foreign-summit-${n}`, `Foreign Summit ${n}`);
  const third = await insertSummit(db, `third-summit-${n}`, `Third Summit ${n}`);
  const users = {
    member: await insertUser(db, "Mara Member", mail("mara.member")),
    invitee: await insertUser(db, "Ivo Invitee", mail("ivo.invitee")),
    attendee: await insertUser(db, "Ada Attendee", mail("ada.attendee")),
    otherOrganizer: await insertUser(db, "Otto Otherorganizer", mail("otto.other")),
    minuteTaker: await insertUser(db, "Mia Minutetaker", mail("mia.minutes")),
    organizer: await insertUser(db, "Olga Organizer", mail("olga.organizer")),
    admin: await insertUser(db, "Adam Admin", mail("adam.admin"), true),
  };
  const foreignPeople = {
    requester: await insertUser(db, "Zack Foreignrequester", mail("zack.foreignrequester")),
    organizer: await insertUser(db, "Zoltan Foreignorganizer", mail("zoltan.foreignorganizer")),
    minuteTaker: await insertUser(db, "Zelda Foreignminutes", mail("zelda.foreignminutes")),
    attendee: await insertUser(db, "Zeno Foreignattendee", mail("zeno.foreignattendee")),
    invitee: await insertUser(db, "Zara Foreigninvitee", mail("zara.foreigninvitee")),
  };
  await db
    .insertInto("summit_role")
    .values([
      { summit_id: own.id, user_id: users.organizer.id, role: "organizer" },
      { summit_id: own.id, user_id: users.minuteTaker.id, role: "minute_taker" },
      { summit_id: third.id, user_id: users.otherOrganizer.id, role: "organizer" },
      { summit_id: foreign.id, user_id: foreignPeople.organizer.id, role: "organizer" },
      { summit_id: foreign.id, user_id: foreignPeople.minuteTaker.id, role: "minute_taker" },
    ])
    .execute();
  const tokens = { own: randomLinkToken(), foreign: randomLinkToken() };
  const now = new Date();
  const week = new Date(now.getTime() + 7 * 24 * 3_600_000);
  const invitation = (summitId: string, person: SessionUser, status: "accepted" | "invited", token: string | null) => ({
    summit_id: summitId,
    email: person.email,
    name: person.displayName,
    user_id: person.id,
    status,
    reasons: JSON.stringify(["stable maintainer"]),
    token_hash: token ? sha256Hex(token) : null,
    token_expires_at: token ? week : null,
    invited_at: now,
    responded_at: status === "accepted" ? now : null,
    sends: 1,
  });
  const invitations = await db
    .insertInto("invitation")
    .values([
      invitation(own.id, users.attendee, "accepted", null),
      invitation(own.id, users.invitee, "invited", tokens.own),
      invitation(foreign.id, foreignPeople.attendee, "accepted", null),
      invitation(foreign.id, foreignPeople.invitee, "invited", tokens.foreign),
    ])
    .returning("id")
    .execute();
  const seatRequests = await db
    .insertInto("seat_request")
    .values([
      { summit_id: own.id, user_id: users.member.id, statement: "I maintain the block layer.", status: "pending" },
      { summit_id: foreign.id, user_id: foreignPeople.requester.id, statement: "I run CI.", status: "pending" },
    ])
    .returning("id")
    .execute();
  const rule = (summitId: string, person: SessionUser) => ({
    summit_id: summitId,
    kind: "include" as const,
    params: JSON.stringify({ email: person.email, name: person.displayName, reason: "by hand" }),
    created_by: null,
  });
  // Eligible and not yet invited: what "invite everyone eligible" would invite.
  const eligible = (who: string) => ({ email: mail(who), displayName: who, id: "", isAdmin: false });
  const rules = await db
    .insertInto("eligibility_rule")
    .values([
      rule(own.id, users.attendee),
      rule(foreign.id, foreignPeople.attendee),
      rule(own.id, eligible("eli.eligible")),
      rule(foreign.id, eligible("zita.foreigneligible")),
    ])
    .returning("id")
    .execute();
  const responsibilities = await db
    .insertInto("responsibility")
    .values([
      { summit_id: own.id, role: "stable maintainer", email: users.attendee.email, name: "", origin: "manual" },
      {
        summit_id: foreign.id,
        role: "stable maintainer",
        email: foreignPeople.attendee.email,
        name: "",
        origin: "manual",
      },
    ])
    .returning("id")
    .execute();
  const sources = await db
    .insertInto("contributor_source")
    .values([
      { summit_id: own.id, kind: "shortlog", label: "own.git", accepted_lines: 1 },
      { summit_id: foreign.id, kind: "shortlog", label: "foreign.git", accepted_lines: 1 },
    ])
    .returning("id")
    .execute();
  await db
    .insertInto("contributor")
    .values([
      { source_id: sources[0]!.id, email: users.attendee.email, name: users.attendee.displayName, commits: 12 },
      {
        source_id: sources[1]!.id,
        email: foreignPeople.attendee.email,
        name: foreignPeople.attendee.displayName,
        commits: 7,
      },
    ])
    .execute();
  const ids = {
    own: {
      invitation: invitations[1]!.id,
      seatRequest: seatRequests[0]!.id,
      rule: rules[0]!.id,
      responsibility: responsibilities[0]!.id,
      source: sources[0]!.id,
    },
    foreign: {
      invitation: invitations[3]!.id,
      seatRequest: seatRequests[1]!.id,
      rule: rules[1]!.id,
      responsibility: responsibilities[1]!.id,
      source: sources[1]!.id,
    },
  };
  // Agenda items, written directly: 1 submitted and 2 accepted in each summit, proposed by its attendee.
  const item = (summitId: string, number: number, proposer: SessionUser, status: "submitted" | "accepted") => ({
    summit_id: summitId,
    number,
    proposer_id: proposer.id,
    lead_id: proposer.id,
    title: `Firmware blobs, part ${number}`,
    outcome_kind: "action_plan" as const,
    desired_outcome: "Find a volunteer to post a proposal for firmware blobs to the list by the next release.",
    background: "",
    minutes_needed: 20,
    links: JSON.stringify([]),
    status,
    submitted_at: now,
  });
  const items = await db
    .insertInto("agenda_item")
    .values([
      item(own.id, 1, users.attendee, "submitted"),
      item(own.id, 2, users.attendee, "accepted"),
      item(foreign.id, 1, foreignPeople.attendee, "submitted"),
      item(foreign.id, 2, foreignPeople.attendee, "accepted"),
    ])
    .returningAll()
    .execute();
  await db
    .insertInto("agenda_item_revision")
    .values(
      items.map((row) => ({
        item_id: row.id,
        revision: 1,
        author_id: row.proposer_id,
        title: row.title,
        outcome_kind: row.outcome_kind,
        desired_outcome: row.desired_outcome,
        background: row.background,
        minutes_needed: row.minutes_needed,
        lead_id: row.lead_id,
        links: JSON.stringify([]),
      })),
    )
    .execute();
  const signInToken = randomLinkToken();
  await db
    .insertInto("sign_in_token")
    .values({ token_hash: sha256Hex(signInToken), email: users.member.email, created_at: now, expires_at: week })
    .execute();
  const outboxId = randomUUID();
  await db
    .insertInto("outbox")
    .values({
      id: outboxId,
      message_id: `<outbox-${outboxId}@summit.localhost>`,
      dedupe_key: `fixture-${outboxId}`,
      kind: "notification",
      recipient: users.member.email,
      subject: "A message in the mailbox",
      body: "Hello.",
      status: "pending",
      created_at: now,
      next_attempt_at: now,
      give_up_at: week,
    })
    .execute();
  const foreignMarkers = [
    ...Object.values(foreignPeople).flatMap((p) => [p.email, p.displayName]),
    mail("zita.foreigneligible"),
  ];
  return { users, foreignPeople, own, foreign, third, tokens, ids, signInToken, outboxId, foreignMarkers };
}

export function userOf(f: Fixture, role: Role): SessionUser | null {
  return role === "anonymous" ? null : f.users[role];
}

/** The objects a route is tried on, by its params. */
export function objectsOf(stem: string): ObjectKey[] {
  const params = routeParams(stem);
  if (params.length === 0) return ["none"];
  // With several params (a summit and an item in it), an object is named by all of them together.
  const keys = params.map((name) => {
    const objects = PARAM_OBJECTS[name];
    if (!objects) throw new Error(`${stem}: the param ${name} has no entry in PARAM_OBJECTS`);
    return Object.keys(objects) as ObjectKey[];
  });
  return keys[0]!.filter((key) => keys.every((k) => k.includes(key)));
}

/** For each route param, the value that names each object. */
export const PARAM_OBJECTS: Record<string, Partial<Record<ObjectKey, (f: Fixture) => string>>> = {
  slug: { own: (f) => f.own.slug, foreign: (f) => f.foreign.slug, missing: () => MISSING_SLUG },
  token: { own: (f) => f.tokens.own, foreign: (f) => f.tokens.foreign, missing: () => MISSING_TOKEN },
  // Outbox messages belong to no summit: one that exists and one that does not.
  id: { own: (f) => f.outboxId, missing: () => MISSING_UUID },
  // Items are numbered per summit: item 1 exists in both, and is the other summit's own item there.
  number: { own: () => "1", foreign: () => "1", missing: () => MISSING_ITEM_NUMBER },
};

/** Values of a param that name an existing object for some summit (never "random"). */
export function existingParamValues(name: string, f: Fixture): string[] {
  if (name === "number") return ["1", "2"];
  return [f.own.slug, f.foreign.slug, f.third.slug, f.tokens.own, f.tokens.foreign, f.outboxId];
}

export function paramsOf(stem: string, object: ObjectKey, f: Fixture): Record<string, string> {
  if (object === "none") return {};
  const params: Record<string, string> = {};
  for (const name of routeParams(stem)) {
    const value = PARAM_OBJECTS[name]?.[object];
    if (!value) throw new Error(`${stem}: no ${object} object for the param ${name}`);
    params[name] = value(f);
  }
  return params;
}

/** The summit an object names (for forms that mention its people), or the own one. */
function summitPeople(f: Fixture, object: ObjectKey) {
  return object === "foreign"
    ? { ...f.foreignPeople, ids: f.ids.foreign }
    : { organizer: f.users.organizer, minuteTaker: f.users.minuteTaker, invitee: f.users.invitee, ids: f.ids.own };
}

// ---------------------------------------------------------------------------
// The policy table: who may do what, from the issue texts

/**
 * How a role stands to the own summit: "member" holds a pending seat request
 * there (the own summit is open), "attendee" accepted an invitation and
 * proposed its items 1 and 2.
 */
export type SummitRelation = "member" | "invitee" | "attendee" | "minuteTaker" | "organizer";

export type Access =
  /** Anyone, signed in or not; an unknown object is a 404. */
  | { kind: "public" }
  /** As public, outside production only (the mail viewer); production answers 404. */
  | { kind: "devOnly" }
  /** Any signed-in person; anonymous → sign-in page. */
  | { kind: "signedIn" }
  /** Administrators of the installation; others 403 before any lookup (so also for unknown objects). */
  | { kind: "admin" }
  /**
   * The holders of these relations to the summit in the URL; others 403, unknown summit 404, anonymous → sign-in.
   * `visitorsOfPublic`: pages a visitor reads once a public summit's agenda is published, so an unknown
   * summit is a 404 for visitors too, as the summit page is.
   */
  | { kind: "summit"; roles: SummitRelation[]; visitorsOfPublic?: boolean }
  /** Whoever holds the link (invitation tokens): the token is the permission; an unknown one is refused. */
  | { kind: "capability" };

const PUBLIC: Access = { kind: "public" };
const DEV_ONLY: Access = { kind: "devOnly" };
const SIGNED_IN: Access = { kind: "signedIn" };
const ADMIN: Access = { kind: "admin" };
const ORGANIZERS: Access = { kind: "summit", roles: ["organizer"] };
const CAPABILITY: Access = { kind: "capability" };
/** Who may propose items: participants, and members with a pending seat request at the (open) own summit. */
const PROPOSERS: Access = { kind: "summit", roles: ["member", "attendee", "minuteTaker", "organizer"] };
/** Who reads the item list: those who may propose, and visitors of a public summit's published agenda. */
const ITEM_LIST_READERS: Access = { ...PROPOSERS, visitorsOfPublic: true };
/** The summit's people, who see every submitted item. */
const PARTICIPANTS: Access = { kind: "summit", roles: ["attendee", "minuteTaker", "organizer"] };
/** Who reads an item page: its participants, and visitors of a public summit's published agenda. */
const ITEM_READERS: Access = { ...PARTICIPANTS, visitorsOfPublic: true };
/** Item 1's proposer and the organizers. */
const ITEM_EDITORS: Access = { kind: "summit", roles: ["attendee", "organizer"] };

/** A well-formed item: every field the proposal form has. */
const itemFields = () => ({
  title: "Deprecation cycle",
  outcomeKind: "consensus_check",
  desiredOutcome: "Agree that code which is costly to maintain may be removed before the two-release grace period.",
  background: "Markus asked for exceptions; Daniel asked us to keep the policy.",
  minutesNeeded: "15",
  leadId: "",
  links: "https://wiki.qemu.org/Features/LegacyRemoval",
});

export interface IntentPolicy {
  /** The value of the form's `intent` field; null for a form without one. */
  intent: string | null;
  /**
   * A well-formed submission for the object. Refused people post this, so a
   * missing guard would show as a write; allowed people post it with one
   * unknown field, which a strict schema refuses (400) without writing.
   */
  valid: (f: Fixture, object: ObjectKey) => Record<string, string>;
  /** Refused attempts count towards a rate limit (R12), so the rate_limit table may change. */
  countsFailures?: boolean;
  /** Text fields allowed to be longer than R14's 20,000 characters (pasted imports), with their limit. */
  longFields?: Record<string, number>;
  /** The valid form is well-formed yet still refused by the service (a token that does not exist). */
  validIsRefused?: boolean;
  /**
   * Pasted files, read line by line: a line with a NUL or other garbage is
   * skipped and reported (issue 3 §5), not a reason to refuse the form.
   */
  parsedText?: string[];
  /** Who posts the valid form in the input tests, when the plainest allowed person cannot (their state forbids it). */
  actor?: Role;
  /** The params under which the valid form is accepted, when the own object's state refuses it (item 1 is not decided). */
  acceptedAt?: (f: Fixture) => Record<string, string>;
  /** Who may post this intent, when it is not the route's action's access (a page whose forms serve two roles). */
  access?: Access;
}

export interface RoutePolicy {
  /** Where the rule comes from. */
  why: string;
  /** null: the route exports no loader. */
  loader: Access | null;
  /** null: the route exports no action. */
  action: { access: Access; intents: IntentPolicy[]; intentField?: string } | null;
  /** The query string of the loader's request (a token the page is about). */
  query?: (f: Fixture) => string;
}

export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;

const summitDetails = (f: Fixture, object: ObjectKey) => ({
  title: object === "foreign" ? "Foreign Summit renamed" : "Own Summit renamed",
  startsOn: "2027-05-03",
  endsOn: "2027-05-04",
  timezone: "Europe/Prague",
  venue: "Hall C",
  listAddress: "renamed@lists.example.org",
  signOff: "-- The organizers",
});

let slugCounter = 0;

/** Pasted imports may be up to 5 MB (issue 3: whole shortlogs and MAINTAINERS files). */
const TEXT_IMPORT_MAX = 5 * 1024 * 1024;
const SHORTLOG_IMPORT = {
  kind: "shortlog",
  label: "qemu.git",
  text: "   412\tPeter Maydell <peter.maydell@linaro.org>\n   230\tPaolo Bonzini <pbonzini@redhat.com>\n",
};

/**
 * One row per file in app/routes. A new route needs a row here; the matrix
 * test fails for a route file without one.
 */
export const POLICY: Record<string, RoutePolicy> = {
  _index: { why: "Issue 2 §6: the home page lists summits.", loader: PUBLIC, action: null },
  ping: { why: "Issue 2 §12: the bare benchmark route.", loader: PUBLIC, action: null },
  login: {
    why: "Issue 2 §4: anyone asks for a sign-in link.",
    loader: PUBLIC,
    action: { access: PUBLIC, intents: [{ intent: null, valid: () => ({ email: "someone.new@example.org" }) }] },
  },
  "login_.verify": {
    why: "Issue 2 §4: the page a sign-in link opens; its POST uses the token.",
    loader: PUBLIC,
    query: (f) => `?token=${f.signInToken}`,
    action: {
      access: PUBLIC,
      intents: [{ intent: null, valid: () => ({ token: "b".repeat(52) }), countsFailures: true, validIsRefused: true }],
    },
  },
  logout: {
    why: "Issue 2 §4: sign-out is a POST; GET only shows the button.",
    loader: PUBLIC,
    action: { access: PUBLIC, intents: [{ intent: null, valid: () => ({}) }] },
  },
  profile: {
    why: "Issue 2 §4: a profile page edits the signed-in person's display name.",
    loader: SIGNED_IN,
    action: {
      access: SIGNED_IN,
      intents: [
        { intent: "update-display-name", valid: () => ({ displayName: "Renamed Person" }) },
        { intent: "sign-out-everywhere", valid: () => ({}) },
      ],
    },
  },
  "dev.mail": { why: "Issue 2 §5: outside production, /dev/mail lists the mail.", loader: DEV_ONLY, action: null },
  "dev.mail.$id": { why: "Issue 2 §5: one message of /dev/mail.", loader: DEV_ONLY, action: null },
  "admin._index": {
    why: "Issue 2 §6: admins create summits.",
    loader: ADMIN,
    action: {
      access: ADMIN,
      intents: [
        {
          intent: "create-summit",
          valid: (f, o) => ({ ...summitDetails(f, o), slug: `created-summit-${++slugCounter}` }),
        },
      ],
    },
  },
  "admin.summits.$slug": {
    why: "Issue 2 §6: admins name (and remove) a summit's organizers.",
    loader: ADMIN,
    action: {
      access: ADMIN,
      intents: [
        { intent: "name-organizer", valid: () => ({ email: "named.organizer@example.org" }) },
        { intent: "remove-organizer", valid: (f, o) => ({ email: summitPeople(f, o).organizer.email }) },
      ],
    },
  },
  "summits.$slug": { why: "Issue 2 §6: a summit page shows its phase to anyone.", loader: PUBLIC, action: null },
  "summits.$slug.manage": {
    why: "Issue 2 §6, issue 10 §7: phases are moved by organizers; organizers edit details and the days, and name minute-takers.",
    loader: ORGANIZERS,
    action: {
      access: ORGANIZERS,
      intents: [
        { intent: "move-phase", valid: () => ({ from: SUMMIT_PHASE, to: "voting" }) },
        { intent: "edit-details", valid: summitDetails },
        { intent: "set-visibility", valid: () => ({ isPublic: "on" }) },
        { intent: "set-days", valid: () => ({ days: "2017-10-26 13:30-18:00\n  break 15:30-16:00 Coffee" }) },
        { intent: "name-minute-taker", valid: () => ({ email: "named.minute.taker@example.org" }) },
        { intent: "remove-minute-taker", valid: (f, o) => ({ email: summitPeople(f, o).minuteTaker.email }) },
      ],
    },
  },

  // Issue 3. The intents and fields below are those the issue describes; they
  // are checked against each route's forms once the route exists.
  "summits.$slug.sources": {
    why: "Issue 3 §1, §5: organizers import contributor counts and MAINTAINERS (previewed, then applied) and enter role holders.",
    loader: ORGANIZERS,
    action: {
      access: ORGANIZERS,
      intents: [
        {
          intent: "preview-import",
          valid: () => SHORTLOG_IMPORT,
          longFields: { text: TEXT_IMPORT_MAX },
          parsedText: ["text"],
        },
        {
          intent: "apply-import",
          valid: () => SHORTLOG_IMPORT,
          longFields: { text: TEXT_IMPORT_MAX },
          parsedText: ["text"],
        },
        {
          intent: "add-responsibility",
          valid: () => ({ role: "stable maintainer", email: "stable.person@example.org", name: "Stable Person" }),
        },
        { intent: "remove-responsibility", valid: (f, o) => ({ id: summitPeople(f, o).ids.responsibility }) },
        { intent: "remove-source", valid: (f, o) => ({ id: summitPeople(f, o).ids.source }) },
      ],
    },
  },
  "summits.$slug.eligibility": {
    why: "Issue 3 §1, §2: organizers combine rules, set an open summit's capacity, and preview who is eligible.",
    loader: ORGANIZERS,
    action: {
      access: ORGANIZERS,
      intents: [
        {
          intent: "add-rule",
          valid: () => ({ kind: "include", email: "included.by.hand@example.org", reason: "runs the CI" }),
        },
        { intent: "remove-rule", valid: (f, o) => ({ ruleId: summitPeople(f, o).ids.rule }) },
        { intent: "open-settings", valid: () => ({ isOpen: "on", capacity: "30" }) },
      ],
    },
  },
  "summits.$slug.roster": {
    why: "Issue 3 §1, §3, §4: organizers invite, resend, revoke, decide seat requests and see the roster.",
    loader: ORGANIZERS,
    action: {
      access: ORGANIZERS,
      intents: [
        { intent: "invite-eligible", valid: () => ({}) },
        { intent: "invite-one", valid: () => ({ email: "invited.by.hand@example.org", reason: "runs the CI" }) },
        { intent: "resend", valid: (f, o) => ({ invitationId: summitPeople(f, o).ids.invitation }) },
        { intent: "revoke", valid: (f, o) => ({ invitationId: summitPeople(f, o).ids.invitation }) },
        { intent: "approve-request", valid: (f, o) => ({ requestId: summitPeople(f, o).ids.seatRequest }) },
        {
          intent: "refuse-request",
          valid: (f, o) => ({ requestId: summitPeople(f, o).ids.seatRequest, reason: "Every seat is taken." }),
        },
      ],
    },
  },
  "summits.$slug.roster[.csv]": {
    why: "Issue 3 §4: organizers export the roster as CSV.",
    loader: ORGANIZERS,
    action: null,
  },
  "summits.$slug.attendees": {
    why: "Issue 3 §4: attendees see who else is attending (names only); visitors see neither.",
    loader: { kind: "summit", roles: ["attendee", "organizer"] },
    action: null,
  },
  "summits.$slug.request-seat": {
    why: "Issue 3 §1: any signed-in member may request a seat at an open summit.",
    loader: SIGNED_IN,
    action: {
      access: SIGNED_IN,
      intents: [
        // The member already has a pending request at the own summit (to withdraw); someone else asks.
        { intent: "request", valid: () => ({ statement: "I maintain the block layer." }), actor: "otherOrganizer" },
        { intent: "withdraw", valid: () => ({}) },
      ],
    },
  },

  // Issue 4: agenda items.
  "summits.$slug.items._index": {
    why: "Issue 4 §4: the item list, for those who may propose (attendees, seat requesters of an open summit); visitors only once the agenda is public.",
    loader: ITEM_LIST_READERS,
    action: null,
  },
  "summits.$slug.items.new": {
    why: "Issue 4 §1, §5: attendees (and, at an open summit, members requesting a seat) propose items.",
    loader: PROPOSERS,
    action: {
      access: PROPOSERS,
      intents: [
        { intent: "submit", valid: itemFields },
        { intent: "save-draft", valid: itemFields },
      ],
    },
  },
  "summits.$slug.items.$number": {
    why: "Issue 4 §1, §4: the item page; attendees co-sponsor (the proposer's own +1 is refused by state, not role).",
    loader: ITEM_READERS,
    action: {
      access: PARTICIPANTS,
      intents: [
        { intent: "cosponsor", valid: () => ({}), actor: "minuteTaker" },
        { intent: "unsponsor", valid: () => ({}), actor: "minuteTaker" },
      ],
    },
  },
  "summits.$slug.items.$number_.edit": {
    why: "Issue 4 §3, §5: only the proposer (the attendee, for item 1) or organizers edit; the proposer withdraws.",
    loader: ITEM_EDITORS,
    action: {
      access: ITEM_EDITORS,
      intents: [
        { intent: "save", valid: () => ({ revision: "1", ...itemFields() }) },
        { intent: "submit", valid: () => ({ revision: "1", ...itemFields() }) },
        { intent: "withdraw", valid: () => ({}), actor: "attendee" },
      ],
    },
  },
  "summits.$slug.items.$number_.poll": {
    why: "Issue 10 §8: the summit's people see an item's decision poll and the roll answers it; organizers open and close it and record its result.",
    loader: PARTICIPANTS,
    action: {
      access: PARTICIPANTS,
      // The fixture's summit takes proposals, and item 1 has no poll: the service refuses each well-formed form.
      intents: [
        {
          intent: "answer",
          valid: () => ({ answer: "block", reason: "It breaks the stable ABI." }),
          validIsRefused: true,
        },
        {
          intent: "open",
          valid: () => ({ proposal: "Agree that the old API is removed." }),
          validIsRefused: true,
          access: ORGANIZERS,
        },
        { intent: "close", valid: () => ({}), validIsRefused: true, access: ORGANIZERS },
        {
          intent: "record",
          valid: () => ({ decision: "Agreed: the old API is removed." }),
          validIsRefused: true,
          access: ORGANIZERS,
        },
      ],
    },
  },
  "summits.$slug.vote": {
    why: "Issue 10 §2, §3: the summit's people see where the vote stands; roll members cast ballots while it is open.",
    loader: PARTICIPANTS,
    action: {
      access: PARTICIPANTS,
      // The fixture's summit takes proposals, not ballots: the service refuses a well-formed ballot there.
      intents: [{ intent: "cast", valid: () => ({ "rank-1": "1" }), validIsRefused: true }],
    },
  },
  "summits.$slug.voting": {
    why: "Issue 10 §1, §2: organizers set the vote up, open and close it, and update its roll.",
    loader: ORGANIZERS,
    action: {
      access: ORGANIZERS,
      intents: [
        { intent: "set-up", valid: () => ({ method: "approval", maxApprovals: "3" }) },
        { intent: "open", valid: () => ({}), validIsRefused: true },
        { intent: "close", valid: () => ({}), validIsRefused: true },
        { intent: "update-roll", valid: () => ({}), validIsRefused: true },
      ],
    },
  },
  "summits.$slug.schedule": {
    why: "Issue 10 §7: organizers build the day from the vote, pin, unpin and swap items, and publish the agenda.",
    loader: ORGANIZERS,
    action: {
      access: ORGANIZERS,
      // The fixture's summit takes proposals: the day is built only from the agenda phase on.
      intents: [
        { intent: "pin", valid: () => ({ item: "1", date: "2017-10-26", time: "14:00" }), validIsRefused: true },
        { intent: "unpin", valid: () => ({ item: "1" }), validIsRefused: true },
        { intent: "swap", valid: () => ({ item: "1", with: "2" }), validIsRefused: true },
        { intent: "publish", valid: () => ({}), validIsRefused: true },
      ],
    },
  },
  "summits.$slug.agenda[.ics]": {
    why: "Issue 10 §7: the published agenda as a calendar file, for whoever reads the agenda on the summit page.",
    loader: ITEM_READERS,
    action: null,
  },
  "summits.$slug.triage": {
    why: "Issue 4 §4, §5: only organizers triage; the list's own forms accept and reopen.",
    loader: ORGANIZERS,
    action: {
      access: ORGANIZERS,
      intents: [
        { intent: "accept", valid: () => ({ number: "1" }) },
        { intent: "reopen", valid: () => ({ number: "2" }) },
      ],
    },
  },
  "summits.$slug.triage_.$number": {
    why: "Issue 4 §4, §5: only organizers triage; one item's page takes every decision, those with a comment, a number or a reason too.",
    loader: ORGANIZERS,
    action: {
      access: ORGANIZERS,
      intents: [
        { intent: "accept", valid: () => ({}) },
        { intent: "decline", valid: () => ({ reason: "Out of scope for this summit." }) },
        { intent: "return", valid: () => ({ comment: "Please say who will own the plan." }) },
        { intent: "merge", valid: () => ({ into: "2" }) },
        { intent: "reopen", valid: () => ({}), acceptedAt: () => ({ number: "2" }) },
      ],
    },
  },
  "invitations.$token": {
    why: "Issue 3 §3: the invitation link signs the invitee in and offers accept or decline.",
    loader: CAPABILITY,
    action: {
      access: CAPABILITY,
      intentField: "answer",
      intents: [
        { intent: "accept", valid: () => ({}) },
        { intent: "decline", valid: () => ({}) },
      ],
    },
  },
};

/**
 * Rows whose route file does not exist yet. The matrix fails when one of
 * these files appears (so the row is checked against the real route at once)
 * and when a route not listed here is missing.
 */
export const ROUTES_NOT_YET_BUILT: string[] = [];

/** One loader, or one intent of an action, of one route. */
export interface Operation {
  stem: string;
  kind: "loader" | "action";
  access: Access;
  intent: IntentPolicy | null;
  /** The form field that names the intent ("intent" unless the row says otherwise). */
  intentField: string;
  /** The loader's query string. */
  query: (f: Fixture) => string;
  label: string;
}

export function operationsOf(stem: string): Operation[] {
  const row = POLICY[stem];
  if (!row) return [];
  const ops: Operation[] = [];
  const intentField = row.action?.intentField ?? "intent";
  const query = row.query ?? (() => "");
  if (row.loader) {
    ops.push({ stem, kind: "loader", access: row.loader, intent: null, intentField, query, label: `GET ${stem}` });
  }
  for (const intent of row.action?.intents ?? []) {
    ops.push({
      stem,
      kind: "action",
      access: intent.access ?? row.action!.access,
      intent,
      intentField,
      query,
      label: `POST ${stem}${intent.intent ? ` (${intent.intent})` : ""}`,
    });
  }
  return ops;
}

/** The outcomes the policy allows for one cell. */
export function expectedVerdicts(access: Access, role: Role, object: ObjectKey, kind: "loader" | "action"): Verdict[] {
  // Allowed people post a form with an unknown field: reaching the strict schema is a 400.
  const allowed: Verdict = kind === "loader" ? "ok" : "badRequest";
  switch (access.kind) {
    case "public":
    case "devOnly":
      return object === "missing" ? ["notFound"] : [allowed];
    case "signedIn":
      if (role === "anonymous") return ["login"];
      return object === "missing" ? ["notFound"] : [allowed];
    case "admin":
      if (role === "anonymous") return ["login"];
      if (role !== "admin") return ["forbidden"];
      return object === "missing" ? ["notFound"] : [allowed];
    case "summit":
      if (role === "anonymous") return access.visitorsOfPublic && object === "missing" ? ["notFound"] : ["login"];
      if (object === "missing") return ["notFound"];
      if (object === "foreign" || object === "none") return ["forbidden"];
      return (access.roles as string[]).includes(role) ? [allowed] : ["forbidden"];
    case "capability":
      return object === "missing" ? ["badRequest", "notFound", "gone"] : [allowed];
  }
}

export function isAllowed(expected: Verdict[]): boolean {
  return expected.includes("ok") || (expected.length === 1 && expected[0] === "badRequest");
}

/** The request of one cell: allowed people probe with an unknown field, refused ones post the valid form. */
export function formFor(op: Operation, f: Fixture, object: ObjectKey, allowed: boolean): FormEntries {
  if (!op.intent) return [];
  const fields = op.intent.valid(f, object);
  const entries: FormEntries = [];
  if (op.intent.intent !== null) entries.push([op.intentField, op.intent.intent]);
  entries.push(...Object.entries(fields));
  if (allowed) entries.push(["unexpectedProbeField", "1"]);
  return entries;
}

export function requestFor(op: Operation, f: Fixture, object: ObjectKey, entries: FormEntries): Request {
  const path = routePath(op.stem, paramsOf(op.stem, object, f));
  return op.kind === "loader" ? getRequest(path + op.query(f)) : postRequest(path, entries);
}
