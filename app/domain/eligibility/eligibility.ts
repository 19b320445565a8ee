import { type ContributorCount } from "./contributors";
import { canonicalEmail, cleanPersonName } from "./mailmap";

export type EligibilityRuleInput =
  | {
      id: string;
      kind: "top_contributors";
      n: number;
      source: { label: string; since: string | null; until: string | null };
      contributors: ContributorCount[];
    }
  | {
      id: string;
      kind: "responsibility";
      roles: string[] | "all";
      responsibilities: Array<{ role: string; email: string; name: string }>;
    }
  | { id: string; kind: "include"; email: string; name: string; reason: string }
  | { id: string; kind: "exclude"; email: string; reason: string };

export interface EligiblePerson {
  email: string;
  name: string;
  reasons: string[];
}

export interface ExcludedPerson extends EligiblePerson {
  excludedBecause: string;
}

export interface EligibilityResult {
  eligible: EligiblePerson[];
  excluded: ExcludedPerson[];
}

/** What a tie at the N-th place does; shown beside the top-N rule. */
export const TOP_N_TIE_RULE =
  "Everyone with as many commits as the N-th contributor is admitted, so a tie at the N-th place can admit more than N people.";

/** A contributor admitted by a top-N rule, with their competition rank (tied people share a rank: 1, 2, 2, 4). */
export interface RankedContributor extends ContributorCount {
  rank: number;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The top `n` of a source: addresses are first merged through `aliases` (commits
 * add up, the first name stays), then everyone with at least as many commits as
 * the n-th person is admitted (TOP_N_TIE_RULE). Nobody with 0 commits is admitted.
 * Ordered by commits desc, then email.
 */
export function topContributors(
  contributors: ContributorCount[],
  n: number,
  aliases: ReadonlyMap<string, string>,
): RankedContributor[] {
  return takeTop(
    rankSource(contributors, (email) => canonicalEmail(email, aliases)),
    n,
  );
}

/**
 * A source's people merged by canonical address, without those with 0 commits,
 * by commits desc then email, each with their competition rank (1, 2, 2, 4).
 */
function rankSource(contributors: ContributorCount[], resolve: (email: string) => string): RankedContributor[] {
  const merged = new Map<string, RankedContributor>();
  for (const c of contributors) {
    const email = resolve(c.email);
    const existing = merged.get(email);
    if (existing) existing.commits += c.commits;
    else merged.set(email, { email, name: c.name, commits: c.commits, rank: 0 });
  }
  const ranked = [...merged.values()]
    .filter((c) => c.commits > 0)
    .sort((a, b) => b.commits - a.commits || compareCodeUnits(a.email, b.email));
  ranked.forEach((c, index) => {
    const previous = ranked[index - 1];
    c.rank = previous !== undefined && previous.commits === c.commits ? previous.rank : index + 1;
  });
  return ranked;
}

/** Everyone in a ranked list with at least the n-th count (TOP_N_TIE_RULE). */
function takeTop(ranked: RankedContributor[], n: number): RankedContributor[] {
  const wanted = Math.floor(n);
  if (!(wanted > 0) || ranked.length === 0) return [];
  const threshold = ranked[Math.min(wanted, ranked.length) - 1]!.commits;
  let count = Math.min(wanted, ranked.length);
  while (count < ranked.length && ranked[count]!.commits >= threshold) count += 1;
  return ranked.slice(0, count);
}

function commitsText(commits: number): string {
  return commits === 1 ? "1 commit" : `${commits} commits`;
}

/** "#7 by commits, 2017-01-01..2017-10-31: 412 commits", or "#7 by commits in <label>: 412 commits" without dates. */
export function topContributorReason(
  rank: number,
  commits: number,
  source: { label: string; since: string | null; until: string | null },
): string {
  const where =
    source.since === null && source.until === null
      ? ` in ${source.label}`
      : `, ${source.since ?? ""}..${source.until ?? ""}`;
  return `#${rank} by commits${where}: ${commitsText(commits)}`;
}

const collator = new Intl.Collator("en");

function byNameThenEmail(a: EligiblePerson, b: EligiblePerson): number {
  return collator.compare(a.name, b.name) || compareCodeUnits(a.email, b.email);
}

/**
 * Combines rules: every person admitted by any rule, once (matched by canonical
 * email through `aliases`, case-insensitively), with every reason in rule order,
 * then removes people excluded by hand. Reasons: "#7 by commits, 2017-01-01..2017-10-31:
 * 412 commits" (or "… in <source label> …" without dates), the role name itself
 * ("stable maintainer", "maintainer: Block layer core"), "added by hand: <reason>".
 * Excluded people carry "excluded by hand: <reason>" (the first exclusion that
 * names them). The name is the one given by the first rule that admits someone.
 * Eligible and excluded are sorted by name (locale compare), then email.
 */
export function computeEligibility(
  rules: EligibilityRuleInput[],
  aliases: ReadonlyMap<string, string>,
): EligibilityResult {
  const people = new Map<string, EligiblePerson>();
  const exclusions = new Map<string, string>();
  // Rules often share people and sources: resolve each address and rank each source once.
  const canonical = new Map<string, string>();
  const resolve = (email: string): string => {
    let found = canonical.get(email);
    if (found === undefined) {
      found = canonicalEmail(email, aliases);
      canonical.set(email, found);
    }
    return found;
  };
  const rankedSources = new Map<ContributorCount[], RankedContributor[]>();

  const admit = (rawEmail: string, name: string, reason: string): void =>
    admitCanonical(resolve(rawEmail), name, reason);
  const admitCanonical = (email: string, name: string, reason: string): void => {
    if (email === "") return;
    const person = people.get(email);
    if (!person) {
      const cleanName = cleanPersonName(name);
      people.set(email, { email, name: cleanName === "" ? email : cleanName, reasons: [reason] });
    } else if (!person.reasons.includes(reason)) {
      person.reasons.push(reason);
    }
  };

  for (const rule of rules) {
    switch (rule.kind) {
      case "top_contributors": {
        let ranked = rankedSources.get(rule.contributors);
        if (!ranked) {
          ranked = rankSource(rule.contributors, resolve);
          rankedSources.set(rule.contributors, ranked);
        }
        for (const c of takeTop(ranked, rule.n)) {
          admitCanonical(c.email, c.name, topContributorReason(c.rank, c.commits, rule.source));
        }
        break;
      }
      case "responsibility": {
        const roles = rule.roles === "all" ? null : new Set(rule.roles);
        for (const r of rule.responsibilities) {
          if (roles === null || roles.has(r.role)) admit(r.email, r.name, r.role);
        }
        break;
      }
      case "include":
        admit(rule.email, rule.name, `added by hand: ${rule.reason}`);
        break;
      case "exclude": {
        const email = resolve(rule.email);
        if (!exclusions.has(email)) exclusions.set(email, `excluded by hand: ${rule.reason}`);
        break;
      }
    }
  }

  const eligible: EligiblePerson[] = [];
  const excluded: ExcludedPerson[] = [];
  for (const person of people.values()) {
    const because = exclusions.get(person.email);
    if (because === undefined) eligible.push(person);
    else excluded.push({ ...person, excludedBecause: because });
  }
  eligible.sort(byNameThenEmail);
  excluded.sort(byNameThenEmail);
  return { eligible, excluded };
}

/** Who was added and who dropped out between two lists (by email, case-insensitively), each in its list's order. */
export function diffEligibility(
  before: EligiblePerson[],
  after: EligiblePerson[],
): { added: EligiblePerson[]; removed: EligiblePerson[] } {
  const beforeEmails = new Set(before.map((p) => p.email.toLowerCase()));
  const afterEmails = new Set(after.map((p) => p.email.toLowerCase()));
  return {
    added: after.filter((p) => !beforeEmails.has(p.email.toLowerCase())),
    removed: before.filter((p) => !afterEmails.has(p.email.toLowerCase())),
  };
}
