import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { TableRegion } from "~/components/table-region";
import { clock } from "~/domain/agenda/day-schedule";

export interface TimetableItem {
  number: number;
  title: string;
  lead: string;
  date: string;
  start: number;
  end: number;
  desiredOutcome?: string;
  pinned?: boolean;
}

export interface TimetableBreak {
  date: string;
  start: number;
  end: number;
  label: string;
}

type Row = ({ kind: "item" } & TimetableItem) | ({ kind: "break" } & TimetableBreak);

/**
 * The day as a table per date: each item at its local time with its lead,
 * the breaks between. `actions` adds a last column (the organizers' forms).
 */
export function Timetable({
  slug,
  items,
  breaks,
  timezone,
  actions,
}: {
  slug: string;
  items: readonly TimetableItem[];
  breaks: readonly TimetableBreak[];
  timezone: string;
  actions?: (item: TimetableItem) => ReactNode;
}) {
  const rows: Row[] = [
    ...items.map((i) => ({ kind: "item" as const, ...i })),
    ...breaks.map((b) => ({ kind: "break" as const, ...b })),
  ];
  const dates = [...new Set(rows.map((r) => r.date))].sort();
  return (
    <>
      {dates.map((date) => (
        <TableRegion labelledBy={`day-${date}`} key={date}>
          <table>
            <caption id={`day-${date}`}>
              {date} (times in {timezone})
            </caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Item</th>
                <th scope="col">Lead</th>
                {actions ? <th scope="col">Change</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows
                .filter((r) => r.date === date)
                .sort((a, b) => a.start - b.start)
                .map((row) =>
                  row.kind === "break" ? (
                    <tr key={`break-${row.start}`} className="muted">
                      <td>
                        {clock(row.start)}–{clock(row.end)}
                      </td>
                      <td colSpan={actions ? 3 : 2}>{row.label}</td>
                    </tr>
                  ) : (
                    <tr key={`item-${row.number}`}>
                      <td>
                        {clock(row.start)}–{clock(row.end)}
                        {row.pinned ? " (pinned)" : ""}
                      </td>
                      <td>
                        <Link to={`/summits/${slug}/items/${row.number}`}>
                          {row.number}. {row.title}
                        </Link>
                        {row.desiredOutcome ? <p className="muted">Outcome sought: {row.desiredOutcome}</p> : null}
                      </td>
                      <td>{row.lead}</td>
                      {actions ? <td>{actions(row)}</td> : null}
                    </tr>
                  ),
                )}
            </tbody>
          </table>
        </TableRegion>
      ))}
    </>
  );
}
