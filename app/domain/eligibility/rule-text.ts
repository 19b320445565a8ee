import { displayNameFromEmail } from "../summit/details";
import type { EligibilityRuleInput } from "./eligibility";

/**
 * Eligibility rules in words, as the eligibility page lists them and the
 * audit log keeps them, from the rules as they are stored: a kind and its
 * parameters (a source and N, roles, an address and a reason).
 */

export type RuleKind = EligibilityRuleInput["kind"];

export interface StoredRule {
  kind: RuleKind;
  params: Record<string, unknown>;
}

/** What a rule needs to know of a contributor source to name it. */
export interface SourcePeriod {
  label: string;
  since: string | null;
  until: string | null;
}

/** How a top-N rule whose source was removed names it; it admits nobody. */
export const REMOVED_SOURCE: SourcePeriod = { label: "a source that has been removed", since: null, until: null };

/** The period of a rule's source as people write it: "2017-01-01..2017-10-31", "since …", "all time". */
export function describePeriod(source: { since: string | null; until: string | null }): string {
  if (source.since && source.until) return `${source.since}..${source.until}`;
  if (source.since) return `since ${source.since}`;
  if (source.until) return `up to ${source.until}`;
  return "all time";
}

/** The period an imported source says it covers, as the sources page lists it. */
export function describeImportPeriod(since: string | null, until: string | null): string {
  if (since && until) return `${since}..${until}`;
  if (since) return `from ${since}`;
  if (until) return `until ${until}`;
  return "period not stated";
}

/** A stored parameter as text; anything else is empty. */
export function paramText(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** The roles of a responsibility rule: "all" (including roles imported later), or those named. */
export function ruleRoles(params: Record<string, unknown>): string[] | "all" {
  const roles = params.roles;
  if (roles === "all") return "all";
  return Array.isArray(roles) ? roles.filter((r): r is string => typeof r === "string") : [];
}

/** The name of a person included by hand: as typed, or made from the address. */
export function includedName(params: Record<string, unknown>): string {
  return paramText(params.name) || displayNameFromEmail(paramText(params.email));
}

/** A rule in words; `sources` holds the sources it may name (a missing one has been removed). */
export function describeRule(rule: StoredRule, sources: ReadonlyMap<string, SourcePeriod>): string {
  const p = rule.params;
  switch (rule.kind) {
    case "top_contributors": {
      const source = sources.get(paramText(p.sourceId));
      const n = Number(p.n);
      const who = n === 1 ? "The top contributor" : `The top ${n} contributors`;
      return source
        ? `${who} by commits in “${source.label}” (${describePeriod(source)})`
        : `${who} by commits in ${REMOVED_SOURCE.label} (admits nobody)`;
    }
    case "responsibility": {
      const roles = ruleRoles(p);
      if (roles === "all") return "Everyone holding a responsibility (every role, including roles imported later)";
      return roles.length === 1
        ? `Holders of the role “${roles[0]}”`
        : `Holders of the roles ${roles.map((r) => `“${r}”`).join(", ")}`;
    }
    case "include":
      return `Include ${includedName(p)} <${paramText(p.email)}>: ${paramText(p.reason)}`;
    case "exclude":
      return `Exclude ${paramText(p.email)}: ${paramText(p.reason)}`;
  }
}
