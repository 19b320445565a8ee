import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { insertSummit } from "../../db/queries/summit";
import { grantSummitRole } from "../../db/queries/summit-role";
import { createUser } from "../../db/queries/user";
import { startSession } from "../../app/auth/session.server";
import { addRule } from "../../app/services/eligibility/commands/rules.server";

export interface EligibilityBench {
  slug: string;
  /** The session cookie (`name=value`) of the summit's organizer. */
  cookie: string;
  candidates: number;
  rules: number;
  eligible: number;
}

/**
 * Five thousand people: source A counts persons 0..2999, source B persons
 * 2000..4999 (500 of them under old addresses a mailmap alias maps back), 105
 * responsibilities; 20 rules of every kind (tests/integration/eligibility.test.ts
 * checks the same shape's result). `db` is migrated; either database will do.
 */
export async function seedEligibilityBench(db: Kysely<Database>): Promise<EligibilityBench> {
  const organizer = await createUser(db, { email: "organizer@bench.summit.test", displayName: "Bench Organizer" });
  const summit = await insertSummit(db, {
    slug: "bench-eligibility",
    title: "Eligibility benchmark summit",
    starts_on: "2017-10-25",
    ends_on: "2017-10-25",
    timezone: "Europe/Prague",
    list_address: "list@bench.summit.test",
  });
  if (!summit) throw new Error("the eligibility benchmark summit could not be created");
  await grantSummitRole(db, { summitId: summit.id, userId: organizer.id, role: "organizer" });

  const person = (i: number) => `person${i}@example.org`;
  const addSource = async (label: string, since: string | null, rows: Array<[string, string, number]>) => {
    const source = await db
      .insertInto("contributor_source")
      .values({ summit_id: summit.id, kind: "git", label, since, until: since ? "2017-12-31" : null })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (let i = 0; i < rows.length; i += 1000) {
      await db
        .insertInto("contributor")
        .values(
          rows.slice(i, i + 1000).map(([email, name, commits]) => ({ source_id: source.id, email, name, commits })),
        )
        .execute();
    }
    return source.id;
  };
  const a = await addSource(
    "git A",
    "2017-01-01",
    Array.from({ length: 3000 }, (_, i): [string, string, number] => [person(i), `Person ${i}`, 3000 - i]),
  );
  const b = await addSource(
    "shortlog B",
    null,
    Array.from({ length: 3000 }, (_, k): [string, string, number] => {
      const i = 2000 + k;
      return [i < 2500 ? `old${i}@example.net` : person(i), `Person ${i}`, 5000 - i];
    }),
  );
  await db
    .insertInto("email_alias")
    .values(
      Array.from({ length: 500 }, (_, k) => ({
        summit_id: summit.id,
        alias_email: `old${2000 + k}@example.net`,
        canonical_email: person(2000 + k),
      })),
    )
    .execute();
  await db
    .insertInto("responsibility")
    .values([
      ...Array.from({ length: 100 }, (_, k) => ({
        summit_id: summit.id,
        role: `maintainer: Area ${k}`,
        email: person(k * 50),
        name: `Person ${k * 50}`,
        origin: "maintainers" as const,
      })),
      ...[4995, 4996, 4997, 4998, 4999].map((i) => ({
        summit_id: summit.id,
        role: "stable maintainer",
        email: person(i),
        name: `Person ${i}`,
        origin: "manual" as const,
      })),
    ])
    .execute();

  const rules: Array<Record<string, unknown>> = [
    ...[1000, 500, 100, 10].map((n) => ({ kind: "top_contributors", sourceId: a, n: String(n) })),
    ...[1000, 500, 50, 10].map((n) => ({ kind: "top_contributors", sourceId: b, n: String(n) })),
    { kind: "responsibility", scope: "all" },
    { kind: "responsibility", scope: "chosen", roles: "stable maintainer" },
    ...Array.from({ length: 6 }, (_, j) => ({
      kind: "include",
      email: `guest${j}@example.com`,
      name: `Guest ${j}`,
      reason: "invited speaker",
    })),
    ...[person(0), person(4999), "guest0@example.com", "nobody@example.com"].map((email) => ({
      kind: "exclude",
      email,
      reason: "declined in advance",
    })),
  ];
  let eligible = 0;
  const actor = { id: organizer.id, isAdmin: false };
  for (const input of rules) {
    const outcome = await addRule(db, { actor, slug: summit.slug, input });
    if (!outcome.ok) throw new Error(`seeding the eligibility benchmark: ${outcome.message}`);
    eligible = outcome.value.eligible;
  }
  const setCookie = await startSession(db, { secure: false, idleHours: 24, absoluteDays: 7 }, organizer.id);
  return { slug: summit.slug, cookie: setCookie.split(";")[0]!, candidates: 5000, rules: rules.length, eligible };
}
