import { Link } from "@remix-run/react";

export interface SummitCardView {
  slug: string;
  title: string;
  dates: string;
  venue: string;
  phaseLabel: string;
}

/** The home page's summits, newest first, each with its dates, venue and phase. */
export function SummitList({ summits }: { summits: readonly SummitCardView[] }) {
  return (
    <ul className="stack-list">
      {summits.map((s) => (
        <li key={s.slug} className="card">
          <h2>
            <Link to={`/summits/${s.slug}`}>{s.title}</Link>
          </h2>
          <p className="muted">
            {s.dates}
            {s.venue ? ` · ${s.venue}` : ""}
          </p>
          <p>
            <span className="badge">{s.phaseLabel}</span>
          </p>
        </li>
      ))}
    </ul>
  );
}
