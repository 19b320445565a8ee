// The ranked ballot's buttons, on its form fields ("rank-3" = "1"): pure, so they are tested alone.

/**
 * Moves an item one place up or down the voter's order, or (unranked) to the
 * end of it, and numbers the order 1, 2, 3… again. Items that shared a rank
 * keep their order by number, then get ranks of their own.
 */
export function moveInRanking(
  ranks: Readonly<Record<string, string>>,
  numbers: readonly number[],
  item: number,
  direction: "up" | "down",
): Record<string, string> {
  const ranked = numbers
    .filter((n) => (ranks[`rank-${n}`] ?? "") !== "")
    .sort((a, b) => Number(ranks[`rank-${a}`]) - Number(ranks[`rank-${b}`]) || a - b);
  const at = ranked.indexOf(item);
  if (at < 0) ranked.push(item);
  else {
    const to = direction === "up" ? at - 1 : at + 1;
    if (to >= 0 && to < ranked.length) [ranked[at], ranked[to]] = [ranked[to]!, ranked[at]!];
  }
  const next: Record<string, string> = Object.fromEntries(numbers.map((n) => [`rank-${n}`, ""]));
  ranked.forEach((n, i) => (next[`rank-${n}`] = String(i + 1)));
  return next;
}
