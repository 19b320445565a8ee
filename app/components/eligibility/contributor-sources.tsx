import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { SubmitButton } from "~/components/form-field";
import { TableRegion } from "~/components/table-region";
import { utcMinute } from "./words";

export interface SourceRow {
  id: string;
  kind: string;
  label: string;
  period: string;
  importedAt: string;
  importedBy: string;
  contributors: number;
  commits: number;
  /** How many lines or commits were left out, and why. */
  skipped: string;
}

interface ContributorSourcesProps {
  sources: readonly SourceRow[];
  /** The command that imports a git repository on the server. */
  gitCommand: string;
  /** How many mailmap aliases are kept. */
  aliases: number;
  /** Whether each source has a Remove button. */
  editable: boolean;
  action: string;
  /** The hidden field naming the remove-source intent. */
  removeIntent: ReactNode;
  busy: boolean;
}

/** The summit's contributor sources, newest first, and how a git repository is imported. */
export function ContributorSources(props: ContributorSourcesProps) {
  return (
    <section className="card" aria-labelledby="sources-heading">
      <h3 id="sources-heading">Contributor sources</h3>
      {props.sources.length === 0 ? (
        <p className="muted">No contributor counts imported yet.</p>
      ) : (
        <TableRegion labelledBy="sources-heading">
          <table>
            <caption className="visually-hidden">Contributor sources of this summit, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Kind</th>
                <th scope="col">Period</th>
                <th scope="col">Contributors</th>
                <th scope="col">Commits</th>
                <th scope="col">Skipped</th>
                <th scope="col">Imported (UTC)</th>
                {props.editable ? <th scope="col">Remove</th> : null}
              </tr>
            </thead>
            <tbody>
              {props.sources.map((s) => (
                <tr key={s.id}>
                  <td>{s.label}</td>
                  <td>{s.kind}</td>
                  <td>{s.period}</td>
                  <td>{s.contributors}</td>
                  <td>{s.commits}</td>
                  <td>{s.skipped}</td>
                  <td>
                    <time dateTime={s.importedAt}>{utcMinute(s.importedAt)}</time> by {s.importedBy}
                  </td>
                  {props.editable ? (
                    <td>
                      <Form method="post" action={props.action}>
                        {props.removeIntent}
                        <input type="hidden" name="id" value={s.id} />
                        <SubmitButton variant="link" disabled={props.busy}>
                          Remove<span className="visually-hidden"> the source {s.label}</span>
                        </SubmitButton>
                      </Form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <p>
        A git repository on the server is read from the command line (it reads the server&apos;s disk and honours the
        repository&apos;s <code>.mailmap</code>; dates are whole days in UTC):
      </p>
      <pre className="mail-text">
        <code>{props.gitCommand}</code>
      </pre>
      {props.aliases > 0 ? (
        <p className="muted">
          {props.aliases} mailmap {props.aliases === 1 ? "alias is" : "aliases are"} kept, so people are matched across
          sources by their old addresses too.
        </p>
      ) : null}
    </section>
  );
}
