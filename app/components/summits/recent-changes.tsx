import { TableRegion } from "~/components/table-region";

export interface AuditLineView {
  id: number;
  /** ISO 8601, UTC. */
  at: string;
  actor: string;
  text: string;
}

/** The latest entries of the summit's audit log, newest first, each in the words of its registry. */
export function RecentChanges({ audit }: { audit: readonly AuditLineView[] }) {
  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Recent changes</h2>
      {audit.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <TableRegion labelledBy="audit-heading">
          <table>
            <caption className="visually-hidden">The latest entries of this summit&apos;s audit log</caption>
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {audit.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.at}>{entry.at.slice(0, 16).replace("T", " ")}</time>
                  </td>
                  <td>{entry.actor}</td>
                  <td>{entry.text}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}
