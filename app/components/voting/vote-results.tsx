import { TableRegion } from "~/components/table-region";
import type { VoteResult } from "~/domain/voting/result";

interface ResultItem {
  number: number;
  title: string;
}

/** Approvals or points as bars: the lengths carry the figures, which are written beside them too. */
function ScoreChart({ rows, unit }: { rows: Array<{ label: string; score: number }>; unit: string }) {
  const max = Math.max(1, ...rows.map((r) => r.score));
  const height = 22;
  const width = 320;
  return (
    <svg
      role="img"
      aria-label={`Bar chart of ${unit} per item; the table above gives the same figures.`}
      viewBox={`0 0 ${width + 140} ${rows.length * height}`}
      className="vote-chart"
    >
      {rows.map((row, i) => (
        <g key={row.label} transform={`translate(0 ${i * height})`}>
          <text x={0} y={15} className="vote-chart__label">
            {row.label}
          </text>
          <rect x={60} y={4} width={(row.score / max) * width} height={14} className="vote-chart__bar" />
          <text x={66 + (row.score / max) * width} y={15} className="vote-chart__value">
            {row.score}
          </text>
        </g>
      ))}
    </svg>
  );
}

/**
 * The ranking, and what explains it: approvals or points per item, or for
 * ranked ballots the pairwise preferences and the strongest paths between
 * items. When counts could tell who voted how, only the ranking is shown.
 */
export function VoteResults(props: {
  result: VoteResult & { countsShown: boolean; final: boolean };
  items: readonly ResultItem[];
  tieBreakRule: string;
}) {
  const { result } = props;
  const titles = new Map(props.items.map((i) => [i.number, i.title]));
  const unit = result.method === "approval" ? "approvals" : "points";
  const scores = result.countsShown ? result.scores : null;
  return (
    <section className="card" aria-labelledby="results-heading">
      <h3 id="results-heading">{result.final ? "Result" : "Running tally (organizers only, until the close)"}</h3>
      <p>
        {result.ballots} {result.ballots === 1 ? "ballot" : "ballots"} counted. {props.tieBreakRule}
        {result.method === "ranked" ? " Ranked ballots are counted by the Schulze method." : ""}
      </p>
      {!result.countsShown ? (
        <p>With so few secret ballots, only the ranking is shown: counts could tell who voted how.</p>
      ) : null}
      <TableRegion labelledBy="ranking-heading">
        <table>
          <caption id="ranking-heading">Ranking</caption>
          <thead>
            <tr>
              <th scope="col">Place</th>
              <th scope="col">Item</th>
              {scores ? <th scope="col">{unit === "approvals" ? "Approvals" : "Points"}</th> : null}
            </tr>
          </thead>
          <tbody>
            {result.ranking.map((r) => (
              <tr key={r.item}>
                <td>
                  {r.place}
                  {r.tied ? " (tie)" : ""}
                </td>
                <td>
                  {r.item}. {titles.get(r.item) ?? ""}
                </td>
                {scores ? <td>{scores[String(r.item)] ?? 0}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {scores ? (
        <ScoreChart
          unit={unit}
          rows={result.ranking.map((r) => ({ label: `Item ${r.item}`, score: scores[String(r.item)] ?? 0 }))}
        />
      ) : null}
      {result.countsShown && result.matrix ? (
        <TableRegion labelledBy="matrix-heading">
          <table>
            <caption id="matrix-heading">
              Strongest paths: how strongly the row&apos;s item beats the column&apos;s (ballots preferring it directly
              in brackets)
            </caption>
            <thead>
              <tr>
                <th scope="col">Item</th>
                {result.matrix.items.map((item) => (
                  <th scope="col" key={item}>
                    {item}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.matrix.items.map((row, i) => (
                <tr key={row}>
                  <th scope="row">{row}</th>
                  {result.matrix!.items.map((column, j) => (
                    <td key={column}>
                      {i === j ? "–" : `${result.matrix!.strengths[i]![j]} (${result.matrix!.preferences[i]![j]})`}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
    </section>
  );
}
