import type { Kysely } from "kysely";
import { loadEligibilityData, type EligibilityData } from "~db/queries/eligibility";
import type { Database } from "~db/schema";
import {
  computeEligibility,
  type EligibilityResult,
  type EligibilityRuleInput,
} from "~/domain/eligibility/eligibility";
import { includedName, paramText, REMOVED_SOURCE, ruleRoles } from "~/domain/eligibility/rule-text";

/**
 * Who a summit's rules admit: the one read later features (the roster,
 * invitations) take from eligibility, and the computation the eligibility
 * commands and pages share.
 */

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
        const sourceId = paramText(p.sourceId);
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
        const roles = ruleRoles(p);
        const wanted = roles === "all" ? null : new Set(roles);
        return {
          id: rule.id,
          kind: "responsibility",
          roles,
          responsibilities: data.responsibilities.filter((r) => wanted === null || wanted.has(r.role)),
        };
      }
      case "include":
        return {
          id: rule.id,
          kind: "include",
          email: paramText(p.email),
          name: includedName(p),
          reason: paramText(p.reason),
        };
      case "exclude":
        return { id: rule.id, kind: "exclude", email: paramText(p.email), reason: paramText(p.reason) };
    }
  });
}

/** Whom the rules in `data` admit, each person once with every reason, and who is excluded by hand. */
export function eligibilityOf(data: EligibilityData): EligibilityResult {
  const aliases = new Map(data.aliases.map((a) => [a.alias_email, a.canonical_email]));
  return computeEligibility(ruleInputs(data), aliases);
}

/** Who the summit's rules admit now, each person once with every reason, and who is excluded by hand. */
export async function getEligibility(db: Kysely<Database>, summitId: string): Promise<EligibilityResult> {
  return eligibilityOf(await loadEligibilityData(db, summitId));
}
