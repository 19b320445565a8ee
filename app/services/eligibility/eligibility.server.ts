import type { Kysely } from "kysely";
import { recordAudit } from "~db/queries/audit";
import {
  deleteEligibilityRule,
  getEligibilitySnapshot,
  getLastEligibilityChange,
  getSourceOfSummit,
  insertEligibilityRule,
  listEligibilityRules,
  listResponsibilityRoles,
  listSourceSummaries,
  loadEligibilityData,
  lockSummitForEligibility,
  putEligibilitySnapshot,
  updateOpenSummitSettings,
  type EligibilityData,
  type EligibilityRuleRow,
} from "~db/queries/eligibility";
import { hasSummitRole } from "~db/queries/summit-role";
import type { Database, EligibilityRuleKind, Summit } from "~db/schema";
import {
  computeEligibility,
  diffEligibility,
  TOP_N_TIE_RULE,
  type EligibilityResult,
  type EligibilityRuleInput,
  type EligiblePerson,
  type ExcludedPerson,
} from "~/domain/eligibility/eligibility";
import { displayNameFromEmail } from "~/domain/summit/details";
import {
  ExcludeRuleFormSchema,
  IncludeRuleFormSchema,
  OpenSettingsFormSchema,
  RemoveRuleFormSchema,
  responsibilityRuleFormSchema,
  RuleKindSchema,
  TopContributorsRuleFormSchema,
} from "~/forms/eligibility";
import {
  CORRECT_BELOW,
  inTransaction,
  parseOrRefuse,
  refuse,
  summitOrRefuse,
  type Result,
} from "../kernel/result.server";
import type { Actor } from "../summits/summits.server";

/** Organizer of this summit, and the summit still open to changes of who may attend. */
async function organizerOfChangeableSummit(db: Kysely<Database>, actor: Actor, slug: string): Promise<Summit> {
  const summit = await summitOrRefuse(db, slug);
  if (!(await hasSummitRole(db, { summitId: summit.id, userId: actor.id, role: "organizer" }))) {
    refuse(403, "Only the organizers of this summit can do this.");
  }
  // Rule changes of one summit queue behind each other, so each diff is against the list the last one left.
  const locked = await lockSummitForEligibility(db, summit.id);
  if (!locked) refuse(404, `There is no summit at /summits/${slug}.`);
  if (locked.phase === "published") {
    refuse(409, "The minutes of this summit are published: who was invited is final and the rules no longer change.");
  }
  return { ...summit, ...locked };
}

function asRecord(input: unknown): Record<string, unknown> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) refuse(400, "This form is empty.");
  return input as Record<string, unknown>;
}

// ---------------------------------------------------------------------------
// From stored rules to the domain's input

interface SourceInfo {
  label: string;
  since: string | null;
  until: string | null;
}

const REMOVED_SOURCE: SourceInfo = { label: "a source that has been removed", since: null, until: null };

/** The period of a source as people write it: "2017-01-01..2017-10-31". */
export function describePeriod(source: { since: string | null; until: string | null }): string {
  if (source.since && source.until) return `${source.since}..${source.until}`;
  if (source.since) return `since ${source.since}`;
  if (source.until) return `up to ${source.until}`;
  return "all time";
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function rolesOf(params: Record<string, unknown>): string[] | "all" {
  const roles = params.roles;
  if (roles === "all") return "all";
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === "string") : [];
}

function includeName(params: Record<string, unknown>): string {
  return text(params.name) || displayNameFromEmail(text(params.email));
}

/** The rules of a summit, in the form the pure eligibility rules take. */
function ruleInputs(data: EligibilityData): EligibilityRuleInput[] {
  const sources = new Map(data.sources.map((s) => [s.id, s]));
  const bySource = new Map<string, Array<{ email: string; name: string; commits: number }>>();
  for (const c of data.contributors) {
    let list = bySource.get(c.source_id);
    if (!list) bySource.set(c.source_id, (list = []));
    list.push({ email: c.email, name: c.name, commits: Number(c.commits) });
  }
  // Most commits first, then by address in code-unit order whatever the database's collation: a
  // person with several addresses keeps the name of the first (the one they committed most under).
  for (const list of bySource.values()) {
    list.sort((x, y) => y.commits - x.commits || (x.email < y.email ? -1 : x.email > y.email ? 1 : 0));
  }
  return data.rules.map((rule): EligibilityRuleInput => {
    const p = rule.params;
    switch (rule.kind) {
      case "top_contributors": {
        const sourceId = text(p.sourceId);
        const source = sources.get(sourceId);
        return {
          id: rule.id,
          kind: "top_contributors",
          n: Number(p.n),
          source: source ? { label: source.label, since: source.since, until: source.until } : REMOVED_SOURCE,
          contributors: source ? (bySource.get(sourceId) ?? []) : [],
        };
      }
      case "responsibility": {
        const roles = rolesOf(p);
        const wanted = roles === "all" ? null : new Set(roles);
        return {
          id: rule.id,
          kind: "responsibility",
          roles,
          responsibilities: data.responsibilities.filter((r) => wanted === null || wanted.has(r.role)),
        };
      }
      case "include":
        return { id: rule.id, kind: "include", email: text(p.email), name: includeName(p), reason: text(p.reason) };
      case "exclude":
        return { id: rule.id, kind: "exclude", email: text(p.email), reason: text(p.reason) };
    }
  });
}

function compute(data: EligibilityData): EligibilityResult {
  const aliases = new Map(data.aliases.map((a) => [a.alias_email, a.canonical_email]));
  return computeEligibility(ruleInputs(data), aliases);
}

export interface RuleView {
  id: string;
  kind: EligibilityRuleKind;
  /** The rule in words, as the page lists it. */
  text: string;
  addedAt: string;
}

function describeRule(rule: Pick<EligibilityRuleRow, "kind" | "params">, sources: Map<string, SourceInfo>): string {
  const p = rule.params;
  switch (rule.kind) {
    case "top_contributors": {
      const source = sources.get(text(p.sourceId));
      const n = Number(p.n);
      const who = n === 1 ? "The top contributor" : `The top ${n} contributors`;
      return source
        ? `${who} by commits in “${source.label}” (${describePeriod(source)})`
        : `${who} by commits in ${REMOVED_SOURCE.label} (admits nobody)`;
    }
    case "responsibility": {
      const roles = rolesOf(p);
      if (roles === "all") return "Everyone holding a responsibility (every role, including roles imported later)";
      return roles.length === 1
        ? `Holders of the role “${roles[0]}”`
        : `Holders of the roles ${roles.map((r) => `“${r}”`).join(", ")}`;
    }
    case "include":
      return `Include ${includeName(p)} <${text(p.email)}>: ${text(p.reason)}`;
    case "exclude":
      return `Exclude ${text(p.email)}: ${text(p.reason)}`;
  }
}

function isoTime(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

// ---------------------------------------------------------------------------
// Reading

/** Who the summit's rules admit now, each person once with every reason, and who is excluded by hand. */
export async function getEligibility(db: Kysely<Database>, summitId: string): Promise<EligibilityResult> {
  return compute(await loadEligibilityData(db, summitId));
}

export interface PersonRef {
  email: string;
  name: string;
}

export interface EligibilityDiffView {
  added: PersonRef[];
  removed: PersonRef[];
  addedCount: number;
  removedCount: number;
}

export interface LastRuleChange extends EligibilityDiffView {
  at: string;
  actor: string;
  change: "added" | "removed";
  rule: string;
  eligibleBefore: number;
  eligibleAfter: number;
}

/** At most this many names of each side of a diff are kept in the audit entry; the counts are always exact. */
export const DIFF_NAMES_KEPT = 500;

function personRefs(people: EligiblePerson[]): PersonRef[] {
  return people.slice(0, DIFF_NAMES_KEPT).map((p) => ({ email: p.email, name: p.name }));
}

function readPeople(value: unknown): PersonRef[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((p): p is Record<string, unknown> => typeof p === "object" && p !== null)
    .map((p) => ({ email: text(p.email), name: text(p.name) }));
}

function readLastChange(row: Awaited<ReturnType<typeof getLastEligibilityChange>>): LastRuleChange | null {
  if (!row) return null;
  const d = row.detail ?? {};
  const added = readPeople(d.added);
  const removed = readPeople(d.removed);
  return {
    at: isoTime(row.at),
    actor: row.actorName ?? "Summit",
    change: row.action === "eligibility.rule_removed" ? "removed" : "added",
    rule: text(d.rule),
    added,
    removed,
    addedCount: typeof d.addedCount === "number" ? d.addedCount : added.length,
    removedCount: typeof d.removedCount === "number" ? d.removedCount : removed.length,
    eligibleBefore: Number(d.eligibleBefore ?? 0),
    eligibleAfter: Number(d.eligibleAfter ?? 0),
  };
}

function snapshotPeople(value: unknown): EligiblePerson[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((p): p is Record<string, unknown> => typeof p === "object" && p !== null)
    .map((p) => ({
      email: text(p.email),
      name: text(p.name),
      reasons: Array.isArray(p.reasons) ? p.reasons.map(String) : [],
    }));
}

export interface EligibilityPage {
  summit: {
    id: string;
    slug: string;
    published: boolean;
    isOpen: boolean;
    capacity: number | null;
    seatRequestNeedsItem: boolean;
  };
  rules: RuleView[];
  sources: Array<{ id: string; label: string; kind: string; period: string; contributors: number }>;
  roles: Array<{ role: string; holders: number }>;
  /** One page of the eligible list, in name order; `preview` says which. */
  eligible: EligiblePerson[];
  preview: { page: number; pages: number; first: number; last: number };
  excluded: ExcludedPerson[];
  counts: { eligible: number; excluded: number; rules: number };
  lastChange: LastRuleChange | null;
  /** Changes since the last rule change that came from imports (new counts, new maintainers, aliases). */
  changedSinceSnapshot: EligibilityDiffView | null;
  tieRule: string;
}

/** The preview lists this many people per page; the counts always cover everyone. */
export const PREVIEW_PAGE_SIZE = 200;

/**
 * What the eligibility page shows: the rules in words, what they can use, and
 * whom they admit and why. `page` picks the page of the eligible list
 * (clamped to the pages there are).
 */
export async function getEligibilityPage(
  db: Kysely<Database>,
  summitId: string,
  options: { page?: number } = {},
): Promise<EligibilityPage | null> {
  const summit = await db
    .selectFrom("summit")
    .select(["id", "slug", "phase", "is_open", "capacity", "seat_request_needs_item"])
    .where("id", "=", summitId)
    .executeTakeFirst();
  if (!summit) return null;
  const data = await loadEligibilityData(db, summitId);
  const result = compute(data);
  const sources = await listSourceSummaries(db, summitId);
  const roles = await listResponsibilityRoles(db, summitId);
  const lastChange = readLastChange(await getLastEligibilityChange(db, summitId));
  const snapshot = await getEligibilitySnapshot(db, summitId);

  let changedSinceSnapshot: EligibilityDiffView | null = null;
  if (snapshot) {
    const diff = diffEligibility(snapshotPeople(snapshot.people), result.eligible);
    if (diff.added.length > 0 || diff.removed.length > 0) {
      changedSinceSnapshot = {
        added: personRefs(diff.added),
        removed: personRefs(diff.removed),
        addedCount: diff.added.length,
        removedCount: diff.removed.length,
      };
    }
  }

  const sourceInfo = new Map<string, SourceInfo>(data.sources.map((s) => [s.id, s]));
  const pages = Math.max(1, Math.ceil(result.eligible.length / PREVIEW_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1)), pages);
  const start = (page - 1) * PREVIEW_PAGE_SIZE;
  const shown = result.eligible.slice(start, start + PREVIEW_PAGE_SIZE);
  return {
    summit: {
      id: summit.id,
      slug: summit.slug,
      published: summit.phase === "published",
      isOpen: summit.is_open,
      capacity: summit.capacity,
      seatRequestNeedsItem: summit.seat_request_needs_item,
    },
    rules: data.rules.map((rule) => ({
      id: rule.id,
      kind: rule.kind,
      text: describeRule(rule, sourceInfo),
      addedAt: isoTime(rule.created_at),
    })),
    sources: sources.map((s) => ({
      id: s.id,
      label: s.label,
      kind: s.kind,
      period: describePeriod(s),
      contributors: s.contributors,
    })),
    roles,
    eligible: shown,
    preview: { page, pages, first: shown.length > 0 ? start + 1 : 0, last: start + shown.length },
    excluded: result.excluded,
    counts: { eligible: result.eligible.length, excluded: result.excluded.length, rules: data.rules.length },
    lastChange,
    changedSinceSnapshot,
    tieRule: TOP_N_TIE_RULE,
  };
}

// ---------------------------------------------------------------------------
// Changing the rules

export interface RuleChange extends EligibilityDiffView {
  ruleId: string;
  rule: string;
  eligible: number;
}

/** Key order does not matter to jsonb, so rules are compared by their sorted JSON. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

async function paramsFor(
  trx: Kysely<Database>,
  summit: Summit,
  kind: EligibilityRuleKind,
  input: Record<string, unknown>,
): Promise<{ params: Record<string, unknown>; sources: Map<string, SourceInfo> }> {
  const sources = new Map<string, SourceInfo>();
  switch (kind) {
    case "top_contributors": {
      const value = parseOrRefuse(TopContributorsRuleFormSchema, input);
      const source = await getSourceOfSummit(trx, { summitId: summit.id, sourceId: value.sourceId });
      // Another summit's source is answered as if it did not exist (R13).
      if (!source) refuse(400, CORRECT_BELOW, { sourceId: "Choose one of this summit's contributor sources." });
      sources.set(source.id, source);
      return { params: { sourceId: source.id, n: value.n }, sources };
    }
    case "responsibility": {
      const roles = (await listResponsibilityRoles(trx, summit.id)).map((r) => r.role);
      const value = parseOrRefuse(responsibilityRuleFormSchema(roles), input);
      return { params: { roles: value.roles }, sources };
    }
    case "include": {
      const value = parseOrRefuse(IncludeRuleFormSchema, input);
      return { params: { email: value.email, name: value.name ?? "", reason: value.reason }, sources };
    }
    case "exclude": {
      const value = parseOrRefuse(ExcludeRuleFormSchema, input);
      return { params: { email: value.email, reason: value.reason }, sources };
    }
  }
}

/**
 * Records the list the change left: the snapshot, and an audit entry with
 * the rule and who was added and who dropped out.
 */
async function recordChange(
  trx: Kysely<Database>,
  args: {
    actor: Actor;
    summitId: string;
    action: "eligibility.rule_added" | "eligibility.rule_removed";
    rule: EligibilityRuleRow;
    text: string;
    before: EligibilityResult;
    after: EligibilityResult;
    now: Date;
  },
): Promise<RuleChange> {
  const diff = diffEligibility(args.before.eligible, args.after.eligible);
  await putEligibilitySnapshot(trx, { summitId: args.summitId, computedAt: args.now, people: args.after.eligible });
  const change: RuleChange = {
    ruleId: args.rule.id,
    rule: args.text,
    eligible: args.after.eligible.length,
    added: personRefs(diff.added),
    removed: personRefs(diff.removed),
    addedCount: diff.added.length,
    removedCount: diff.removed.length,
  };
  await recordAudit(trx, {
    actorId: args.actor.id,
    summitId: args.summitId,
    action: args.action,
    objectType: "eligibility_rule",
    objectId: args.rule.id,
    detail: {
      kind: args.rule.kind,
      params: args.rule.params,
      rule: args.text,
      eligibleBefore: args.before.eligible.length,
      eligibleAfter: args.after.eligible.length,
      addedCount: change.addedCount,
      removedCount: change.removedCount,
      added: change.added,
      removed: change.removed,
    },
  });
  return change;
}

/** Adds a rule; `input.kind` says which. The diff it makes is kept in the audit log and shown on the page. */
export async function addRule(
  db: Kysely<Database>,
  args: { actor: Actor; slug: string; input: unknown; now?: Date },
): Promise<Result<RuleChange>> {
  return inTransaction(db, async (trx) => {
    const summit = await organizerOfChangeableSummit(trx, args.actor, args.slug);
    const input = asRecord(args.input);
    const kind = RuleKindSchema.safeParse(input.kind);
    if (!kind.success) refuse(400, "Choose which kind of rule to add.", { kind: "Choose which kind of rule to add." });
    const { params, sources } = await paramsFor(trx, summit, kind.data, input);

    const existing = await listEligibilityRules(trx, summit.id);
    const same = canonicalJson(params);
    if (existing.some((r) => r.kind === kind.data && canonicalJson(r.params) === same)) {
      refuse(409, "This summit already has exactly this rule; nothing was added.");
    }

    const before = compute(await loadEligibilityData(trx, summit.id));
    const rule = await insertEligibilityRule(trx, {
      summitId: summit.id,
      kind: kind.data,
      params,
      createdBy: args.actor.id,
    });
    const after = compute(await loadEligibilityData(trx, summit.id));
    return recordChange(trx, {
      actor: args.actor,
      summitId: summit.id,
      action: "eligibility.rule_added",
      rule,
      text: describeRule(rule, sources),
      before,
      after,
      now: args.now ?? new Date(),
    });
  });
}

export async function removeRule(
  db: Kysely<Database>,
  args: { actor: Actor; slug: string; input: unknown; now?: Date },
): Promise<Result<RuleChange>> {
  return inTransaction(db, async (trx) => {
    const summit = await organizerOfChangeableSummit(trx, args.actor, args.slug);
    const { ruleId } = parseOrRefuse(RemoveRuleFormSchema, asRecord(args.input));
    const data = await loadEligibilityData(trx, summit.id);
    const before = compute(data);
    const rule = await deleteEligibilityRule(trx, { summitId: summit.id, ruleId });
    if (!rule) refuse(404, "This rule no longer exists: it may have been removed already. Nothing was changed.");
    const after = compute(await loadEligibilityData(trx, summit.id));
    const sources = new Map<string, SourceInfo>(data.sources.map((s) => [s.id, s]));
    return recordChange(trx, {
      actor: args.actor,
      summitId: summit.id,
      action: "eligibility.rule_removed",
      rule,
      text: describeRule(rule, sources),
      before,
      after,
      now: args.now ?? new Date(),
    });
  });
}

/** Whether members may request a seat, up to what capacity, and whether a request needs a proposed item. */
export async function updateOpenSettings(
  db: Kysely<Database>,
  args: { actor: Actor; slug: string; input: unknown },
): Promise<Result<{ changed: boolean }>> {
  return inTransaction(db, async (trx) => {
    const summit = await organizerOfChangeableSummit(trx, args.actor, args.slug);
    const value = parseOrRefuse(OpenSettingsFormSchema, asRecord(args.input));
    const from = {
      isOpen: summit.is_open,
      capacity: summit.capacity,
      seatRequestNeedsItem: summit.seat_request_needs_item,
    };
    const to = { isOpen: value.isOpen, capacity: value.capacity, seatRequestNeedsItem: value.seatRequestNeedsItem };
    if (
      from.isOpen === to.isOpen &&
      from.capacity === to.capacity &&
      from.seatRequestNeedsItem === to.seatRequestNeedsItem
    ) {
      return { changed: false };
    }
    await updateOpenSummitSettings(trx, { summitId: summit.id, ...to });
    await recordAudit(trx, {
      actorId: args.actor.id,
      summitId: summit.id,
      action: "summit.open_settings_changed",
      objectType: "summit",
      objectId: summit.id,
      detail: { from, to },
    });
    return { changed: true };
  });
}
