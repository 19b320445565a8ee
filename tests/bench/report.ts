// Every figure the benchmark produces, printed as it comes, then as one table
// with the two databases side by side, and optionally written as JSON.
import { writeFileSync } from "node:fs";

export type DatabaseName = "embedded" | "postgres";

/** One figure, exactly as written to the JSON file. */
export interface Figure {
  name: string;
  /** The database it was measured on, or null for a figure not tied to one. */
  database: DatabaseName | null;
  value: number;
  unit: string;
  /** The name of the figure (same database) it is compared to. */
  baseline: string | null;
  /** value ÷ the baseline's value. */
  ratio: number | null;
}

/** What a figure must meet: its ratio at least or at most some bound, or its value at most some bound. */
export type Floor = { ratioAtLeast: number } | { ratioAtMost: number } | { valueAtMost: number };

interface Entry {
  figure: Figure;
  floor: Floor | null;
  ok: boolean | null;
}

function meets(figure: Figure, floor: Floor): boolean {
  if ("valueAtMost" in floor) return figure.value <= floor.valueAtMost;
  if (figure.ratio === null || !Number.isFinite(figure.ratio)) return false;
  return "ratioAtLeast" in floor ? figure.ratio >= floor.ratioAtLeast : figure.ratio <= floor.ratioAtMost;
}

export function formatValue(value: number, unit: string): string {
  if (unit === "bytes") return `${Math.round(value).toLocaleString("en-US")} bytes`;
  const shown = Math.abs(value) >= 100 || Number.isInteger(value) ? value.toFixed(0) : value.toFixed(1);
  return `${shown} ${unit}`;
}

function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return String(ratio);
  // A small ratio would round to 0.00 at two decimals.
  return ratio !== 0 && Math.abs(ratio) < 0.1 ? ratio.toPrecision(2) : ratio.toFixed(2);
}

function formatFloor(floor: Floor): string {
  if ("valueAtMost" in floor) return `≤ ${Math.round(floor.valueAtMost).toLocaleString("en-US")}`;
  return "ratioAtLeast" in floor ? `≥ ${floor.ratioAtLeast}` : `≤ ${floor.ratioAtMost}`;
}

/** `412 req/s · 0.41 × ssr · ≥ 0.35 ok` */
function describe(entry: Entry): string {
  const { figure, floor, ok } = entry;
  const parts = [formatValue(figure.value, figure.unit)];
  if (figure.ratio !== null && figure.baseline !== null)
    parts.push(`${formatRatio(figure.ratio)} × ${figure.baseline}`);
  if (floor) parts.push(`${formatFloor(floor)} ${ok ? "ok" : "TOO SLOW"}`);
  return parts.join(" · ");
}

const DATABASES: DatabaseName[] = ["embedded", "postgres"];

export class Report {
  private readonly entries: Entry[] = [];
  private readonly problems: string[] = [];

  constructor(private readonly write: (line: string) => void) {}

  /** Records a figure and prints it at once. */
  add(figure: Figure, floor: Floor | null = null): void {
    const entry: Entry = { figure, floor, ok: floor ? meets(figure, floor) : null };
    this.entries.push(entry);
    this.write(`  ${figure.database ? `${figure.database}: ` : ""}${figure.name}: ${describe(entry)}`);
  }

  /** Something that went wrong beside the figures (errors under load, wrong answers): the run fails. */
  problem(text: string): void {
    this.problems.push(text);
    this.write(`  PROBLEM: ${text}`);
  }

  note(text: string): void {
    this.write(text);
  }

  /** The value of a figure already recorded. */
  value(name: string, database: DatabaseName | null): number | null {
    return this.entries.find((e) => e.figure.name === name && e.figure.database === database)?.figure.value ?? null;
  }

  get missed(): string[] {
    return this.entries
      .filter((e) => e.ok === false)
      .map((e) => `${e.figure.name}${e.figure.database ? ` (${e.figure.database})` : ""}`);
  }

  get failed(): boolean {
    return this.missed.length > 0 || this.problems.length > 0;
  }

  /** The figures side by side by database, in the order they were first measured. */
  table(): string[] {
    const names = [...new Set(this.entries.map((e) => e.figure.name))];
    const cell = (name: string, database: DatabaseName | null) => {
      const entry = this.entries.find((e) => e.figure.name === name && e.figure.database === database);
      return entry ? describe(entry) : "";
    };
    const nameWidth = Math.max(6, ...names.map((n) => n.length));
    const cellWidth = Math.max(
      8,
      ...this.entries.filter((e) => e.figure.database !== null).map((e) => describe(e).length),
    );
    const row = (name: string, cells: string[]) =>
      `${name.padEnd(nameWidth)}  ${cells.map((c) => c.padEnd(cellWidth)).join("  ")}`.trimEnd();
    const lines = [
      row("figure", DATABASES),
      row(
        "-".repeat(nameWidth),
        DATABASES.map(() => "-".repeat(cellWidth)),
      ),
    ];
    for (const name of names) {
      const unbound = cell(name, null);
      lines.push(
        unbound
          ? row(name, [unbound])
          : row(
              name,
              DATABASES.map((d) => cell(name, d)),
            ),
      );
    }
    return lines;
  }

  summary(): string[] {
    const missed = this.missed;
    return [
      missed.length === 0 ? "Every floor is met." : `Floors missed (${missed.length}): ${missed.join(", ")}`,
      ...(this.problems.length ? [`Problems (${this.problems.length}): ${this.problems.join("; ")}`] : []),
    ];
  }

  writeJson(file: string): void {
    writeFileSync(
      file,
      `${JSON.stringify(
        this.entries.map((e) => e.figure),
        null,
        2,
      )}\n`,
    );
  }
}
