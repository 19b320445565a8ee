/** "1 person", "2,068 people": a count and the word that goes with it. */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}
