import { Link } from "@remix-run/react";
import { TableRegion } from "~/components/table-region";
import type { EligiblePerson, ExcludedPerson } from "~/domain/eligibility/eligibility";
import { plural } from "./words";

interface PreviewPage {
  page: number;
  pages: number;
  first: number;
  last: number;
}

/** Links to the other pages of the preview; plain links, so they work without JavaScript. */
function PreviewPages({ url, preview, total }: { url: string; preview: PreviewPage; total: number }) {
  const to = (page: number) => `${url}?page=${page}#preview-heading`;
  return (
    <nav className="form-actions" aria-label={`Pages of the preview, page ${preview.page} of ${preview.pages}`}>
      <span>
        People {preview.first.toLocaleString("en")}–{preview.last.toLocaleString("en")} of {total.toLocaleString("en")}
      </span>
      {preview.page > 1 ? <Link to={to(preview.page - 1)}>Previous page</Link> : null}
      {preview.page < preview.pages ? <Link to={to(preview.page + 1)}>Next page</Link> : null}
      <span className="muted">
        Page {preview.page} of {preview.pages}
      </span>
    </nav>
  );
}

/** Everyone the rules admit, each once with every reason, one page of them at a time. */
export function EligiblePreview(props: {
  url: string;
  eligible: readonly EligiblePerson[];
  total: number;
  preview: PreviewPage;
}) {
  const { preview } = props;
  return (
    <section aria-labelledby="preview-heading">
      <h2 id="preview-heading">Preview: {plural(props.total, "person", "people")} eligible</h2>
      {props.total === 0 ? (
        <p className="muted">Nobody is eligible under the rules above.</p>
      ) : (
        <>
          {preview.pages > 1 ? <PreviewPages url={props.url} preview={preview} total={props.total} /> : null}
          <TableRegion labelledBy="preview-heading">
            <table>
              <caption className="visually-hidden">
                Everyone the rules admit, each once, with every reason
                {preview.pages > 1 ? `: ${preview.first} to ${preview.last}` : ""}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {props.eligible.map((person) => (
                  <tr key={person.email}>
                    <td>{person.name}</td>
                    <td>{person.email}</td>
                    <td>{person.reasons.join("; ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </>
      )}
    </section>
  );
}

/** People a rule would admit but an exclusion keeps out, with both reasons. */
export function ExcludedPeople({ excluded }: { excluded: readonly ExcludedPerson[] }) {
  if (excluded.length === 0) return null;
  return (
    <section aria-labelledby="excluded-heading">
      <h2 id="excluded-heading">Excluded: {plural(excluded.length, "person", "people")}</h2>
      <TableRegion labelledBy="excluded-heading">
        <table>
          <caption className="visually-hidden">People a rule would admit but an exclusion keeps out</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Would have been admitted as</th>
              <th scope="col">Excluded because</th>
            </tr>
          </thead>
          <tbody>
            {excluded.map((person) => (
              <tr key={person.email}>
                <td>{person.name}</td>
                <td>{person.email}</td>
                <td>
                  {person.reasons.length > 0 ? person.reasons.join("; ") : <span className="muted">no rule</span>}
                </td>
                <td>{person.excludedBecause}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}
