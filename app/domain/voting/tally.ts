/**
 * Counting prioritisation ballots: approval, dot voting and ranked ballots by
 * the Schulze method. Each tally is a pure function from the ballots to a
 * ranking, with the figures that explain it. Items are named by their number
 * in the summit; `items` lists every item on the ballot, so that one nobody
 * voted for still takes its place (last).
 *
 * Ties are broken the same way in every method, and the results page says so:
 * items that score the same share a place, and are listed by item number,
 * lowest first (the earlier proposal first). Nothing random is involved, so
 * counting the same ballots again always gives the same result.
 */

/** One place in a ranking: the items that share it are listed by number. */
export interface RankedItem {
  item: number;
  /** 1 for the first place; items that tie share a place ("2", "2", then "4"). */
  place: number;
  /** Whether another item shares this place. */
  tied: boolean;
}

export const TIE_BREAK_RULE = "Items with the same result share a place and are listed by item number, lowest first.";

/** Places from items in their final order and a score to compare neighbours by (equal scores tie). */
function placesOf(ordered: readonly number[], sameAsPrevious: (index: number) => boolean): RankedItem[] {
  const ranking: RankedItem[] = [];
  ordered.forEach((item, index) => {
    const tiedWithPrevious = index > 0 && sameAsPrevious(index);
    const place = tiedWithPrevious ? ranking[index - 1]!.place : index + 1;
    if (tiedWithPrevious) ranking[index - 1]!.tied = true;
    ranking.push({ item, place, tied: tiedWithPrevious });
  });
  return ranking;
}

function uniqueItems(items: readonly number[]): number[] {
  return [...new Set(items)].sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------
// Approval and dot voting: a score per item

export interface ScoreTally {
  ranking: RankedItem[];
  /** Approvals (approval voting) or points (dot voting) per item. */
  score: Map<number, number>;
  /** How many ballots gave the item anything. */
  supporters: Map<number, number>;
  ballots: number;
}

function tallyScores(items: readonly number[], ballots: ReadonlyArray<ReadonlyMap<number, number>>): ScoreTally {
  const order = uniqueItems(items);
  const score = new Map(order.map((i) => [i, 0]));
  const supporters = new Map(order.map((i) => [i, 0]));
  for (const ballot of ballots) {
    for (const [item, points] of ballot) {
      if (!score.has(item) || points <= 0) continue;
      score.set(item, score.get(item)! + points);
      supporters.set(item, supporters.get(item)! + 1);
    }
  }
  // Stable sort over the item order: equal scores stay by item number.
  const ordered = [...order].sort((a, b) => score.get(b)! - score.get(a)!);
  const ranking = placesOf(ordered, (i) => score.get(ordered[i]!) === score.get(ordered[i - 1]!));
  return { ranking, score, supporters, ballots: ballots.length };
}

/** Approval voting: each ballot approves some items; an item's score is its approvals. */
export function tallyApproval(items: readonly number[], ballots: ReadonlyArray<Iterable<number>>): ScoreTally {
  return tallyScores(
    items,
    ballots.map((approved) => new Map([...new Set(approved)].map((item) => [item, 1]))),
  );
}

/** Dot voting: each ballot spreads points over items; an item's score is its points. */
export function tallyDots(items: readonly number[], ballots: ReadonlyArray<ReadonlyMap<number, number>>): ScoreTally {
  return tallyScores(items, ballots);
}

// ---------------------------------------------------------------------------
// Ranked ballots, by the Schulze method

/**
 * A ranked ballot: each ranked item's rank, 1 the most preferred. Items may
 * share a rank (equally preferred). Items the ballot leaves out rank below
 * every ranked one, equal among themselves.
 */
export type RankedBallot = ReadonlyMap<number, number>;

export interface SchulzeTally {
  ranking: RankedItem[];
  /** The items in index order of the matrices: by item number. */
  items: number[];
  /** d[i][j]: how many ballots prefer items[i] to items[j]. */
  preferences: number[][];
  /** p[i][j]: the strength of the strongest path from items[i] to items[j] (0: none). */
  strengths: number[][];
  ballots: number;
}

/**
 * The Schulze method (Schulze 2011, "A new monotonic, clone-independent,
 * reversal symmetric, and Condorcet-consistent single-winner election
 * method"), winning votes as the measure of a defeat.
 *
 * Cost, for B ballots over C items: the pairwise preferences take O(B·C²)
 * (each ballot compares every pair once), the strongest paths O(C³) (the
 * widest-path form of Floyd–Warshall), and the ranking O(C²): O(B·C² + C³)
 * in all, with O(C²) memory.
 */
export function tallySchulze(items: readonly number[], ballots: readonly RankedBallot[]): SchulzeTally {
  const order = uniqueItems(items);
  const n = order.length;
  const index = new Map(order.map((item, i) => [item, i]));
  const d = order.map(() => new Array<number>(n).fill(0));

  // An unranked item's rank: below every rank a ballot can give.
  const rank = new Float64Array(n);
  for (const ballot of ballots) {
    rank.fill(Number.POSITIVE_INFINITY);
    for (const [item, r] of ballot) {
      const i = index.get(item);
      if (i !== undefined) rank[i] = r;
    }
    for (let i = 0; i < n; i++) {
      const ri = rank[i]!;
      const row = d[i]!;
      for (let j = 0; j < n; j++) if (ri < rank[j]!) row[j]! += 1;
    }
  }

  // p[i][j]: a direct defeat's winning votes, then widened through every k in turn.
  const p = order.map((_, i) => order.map((__, j) => (i !== j && d[i]![j]! > d[j]![i]! ? d[i]![j]! : 0)));
  for (let k = 0; k < n; k++) {
    const pk = p[k]!;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const pi = p[i]!;
      const pik = pi[k]!;
      if (pik === 0) continue;
      for (let j = 0; j < n; j++) {
        if (j === i || j === k) continue;
        const via = pik < pk[j]! ? pik : pk[j]!;
        if (via > pi[j]!) pi[j] = via;
      }
    }
  }

  // X is better than Y when p[X][Y] > p[Y][X]; that order is transitive, so
  // the number of items an item is better than places it.
  const wins = order.map((_, i) => {
    let count = 0;
    for (let j = 0; j < n; j++) if (j !== i && p[i]![j]! > p[j]![i]!) count++;
    return count;
  });
  const ordered = order.map((_, i) => i).sort((a, b) => wins[b]! - wins[a]! || a - b);
  const ranking = placesOf(
    ordered.map((i) => order[i]!),
    (k) => wins[ordered[k]!] === wins[ordered[k - 1]!],
  );
  return { ranking, items: order, preferences: d, strengths: p, ballots: ballots.length };
}

/**
 * A strongest path from one item to another, as items: each step a defeat at
 * least as strong as the path's strength, and of those paths one with the
 * fewest steps. Empty when there is no path. The breadth-first search keeps
 * to defeats of that strength, so it costs O(C²) per pair.
 */
export function strongestPath(tally: SchulzeTally, from: number, to: number): number[] {
  const i = tally.items.indexOf(from);
  const j = tally.items.indexOf(to);
  if (i < 0 || j < 0 || i === j) return [];
  const strength = tally.strengths[i]![j]!;
  if (strength === 0) return [];
  const d = tally.preferences;
  const previous = new Map<number, number>([[i, -1]]);
  const queue = [i];
  for (let head = 0; head < queue.length && !previous.has(j); head++) {
    const x = queue[head]!;
    for (let y = 0; y < tally.items.length; y++) {
      if (previous.has(y) || d[x]![y]! < strength || d[x]![y]! <= d[y]![x]!) continue;
      previous.set(y, x);
      queue.push(y);
    }
  }
  const path: number[] = [];
  for (let at = j; at !== -1; at = previous.get(at)!) path.unshift(tally.items[at]!);
  return path;
}
