import type { Kysely } from "kysely";
import { recordAudit } from "~db/queries/audit";
import {
  deleteEligibilityRule,
  getSourceOfSummit,
  insertEligibilityRule,
  listEligibilityRules,
  listResponsibilityRoles,
  loadEligibilityData,
  putEligibilitySnapshot,
  updateOpenSummitSettings,
  type EligibilityRuleRow,
} from "~db/queries/eligibility";
import type { Database, EligibilityRuleKind, Summit } from "~db/schema";
import { summariseDiff, type EligibilityDiffSummary } from "~/domain/eligibility/diff-summary";
import type { EligibilityResult } from "~/domain/eligibility/eligibility";
import { describeRule, type SourcePeriod } from "~/domain/eligibility/rule-text";
import {
  ExcludeRuleFormSchema,
  IncludeRuleFormSchema,
  OpenSettingsFormSchema,
  RemoveRuleFormSchema,
  ResponsibilityRuleFormSchema,
  RuleKindSchema,
  TopContributorsRuleFormSchema,
  unknownRoleMessage,
} from "~/forms/eligibility";
import {
  CORRECT_BELOW,
  inTransaction,
  parseOrRefuse,
  refuse,
  summitOrRefuse,
  type Result,
} from "../../kernel/result.server";
import { eligibilityOf } from "../eligibility.server";
import { lockChangeableSummit } from "./changeable.server";

/**
 * The organizers' changes to who may attend: eligibility rules added and
 * removed (each recording who it added and who dropped out), and the
 * open-summit settings. Each opens and owns its transaction, takes the
 * summit lock, and checks the organizer and the phase under it.
 */

/** Who is acting: a signed-in member. */
export interface RuleActor {
  id: string;
}

/** The summit at `slug`, locked, once the actor may change who may attend it. */
async function changeableSummit(trx: Kysely<Database>, actor: RuleActor, slug: string): Promise<Summit> {
  const summit = await summitOrRefuse(trx, slug);
  // Rule changes of one summit queue behind each other, so each diff is against the list the last one left.
  return lockChangeableSummit(trx, { summitId: summit.id, actorId: actor.id });
}

function asRecord(input: unknown): Record<string, unknown> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) refuse(400, "This form is empty.");
  return input as Record<string, unknown>;
}

export interface RuleChange extends EligibilityDiffSummary {
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
): Promise<{ params: Record<string, unknown>; sources: Map<string, SourcePeriod> }> {
  const sources = new Map<string, SourcePeriod>();
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
      const value = parseOrRefuse(ResponsibilityRuleFormSchema, input);
      if (value.roles !== "all") {
        const known = new Set((await listResponsibilityRoles(trx, summit.id)).map((r) => r.role));
        const unknown = value.roles.find((role) => !known.has(role));
        if (unknown !== undefined) refuse(400, CORRECT_BELOW, { roles: unknownRoleMessage(unknown) });
      }
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
    actor: RuleActor;
    summitId: string;
    action: "eligibility.rule_added" | "eligibility.rule_removed";
    rule: EligibilityRuleRow;
    text: string;
    before: EligibilityResult;
    after: EligibilityResult;
    now: Date;
  },
): Promise<RuleChange> {
  const diff = summariseDiff(args.before.eligible, args.after.eligible);
  await putEligibilitySnapshot(trx, { summitId: args.summitId, computedAt: args.now, people: args.after.eligible });
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
      addedCount: diff.addedCount,
      removedCount: diff.removedCount,
      added: diff.added,
      removed: diff.removed,
    },
  });
  return { ruleId: args.rule.id, rule: args.text, eligible: args.after.eligible.length, ...diff };
}

/** Adds a rule; `input.kind` says which. The diff it makes is kept in the audit log and shown on the page. */
export async function addRule(
  db: Kysely<Database>,
  args: { actor: RuleActor; slug: string; input: unknown; now?: Date },
): Promise<Result<RuleChange>> {
  return inTransaction(db, async (trx) => {
    const summit = await changeableSummit(trx, args.actor, args.slug);
    const input = asRecord(args.input);
    const kind = RuleKindSchema.safeParse(input.kind);
    if (!kind.success) refuse(400, "Choose which kind of rule to add.", { kind: "Choose which kind of rule to add." });
    const { params, sources } = await paramsFor(trx, summit, kind.data, input);

    const existing = await listEligibilityRules(trx, summit.id);
    const same = canonicalJson(params);
    if (existing.some((r) => r.kind === kind.data && canonicalJson(r.params) === same)) {
      refuse(409, "This summit already has exactly this rule; nothing was added.");
    }

    const before = eligibilityOf(await loadEligibilityData(trx, summit.id));
    const rule = await insertEligibilityRule(trx, {
      summitId: summit.id,
      kind: kind.data,
      params,
      createdBy: args.actor.id,
    });
    const after = eligibilityOf(await loadEligibilityData(trx, summit.id));
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
  args: { actor: RuleActor; slug: string; input: unknown; now?: Date },
): Promise<Result<RuleChange>> {
  return inTransaction(db, async (trx) => {
    const summit = await changeableSummit(trx, args.actor, args.slug);
    const { ruleId } = parseOrRefuse(RemoveRuleFormSchema, asRecord(args.input));
    const data = await loadEligibilityData(trx, summit.id);
    const before = eligibilityOf(data);
    const rule = await deleteEligibilityRule(trx, { summitId: summit.id, ruleId });
    if (!rule) refuse(404, "This rule no longer exists: it may have been removed already. Nothing was changed.");
    const after = eligibilityOf(await loadEligibilityData(trx, summit.id));
    const sources = new Map<string, SourcePeriod>(data.sources.map((s) => [s.id, s]));
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
  args: { actor: RuleActor; slug: string; input: unknown },
): Promise<Result<{ changed: boolean }>> {
  return inTransaction(db, async (trx) => {
    const summit = await changeableSummit(trx, args.actor, args.slug);
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
