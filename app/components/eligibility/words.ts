import type { PersonRef } from "~/domain/eligibility/diff-summary";

export { plural } from "~/domain/text/plural";

/** Names in a sentence, the first few of them: "A, B and 3 more". */
export function someNames(people: readonly PersonRef[], total: number, shown = 12): string {
  const names = people.slice(0, shown).map((p) => p.name || p.email);
  const more = total - names.length;
  if (more > 0) return `${names.join(", ")} and ${more} more`;
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** An ISO time to the minute, as the pages show times in UTC: "2017-10-25 09:30". */
export function utcMinute(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}
