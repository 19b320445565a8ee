import { Link } from "@remix-run/react";
import { Notice } from "../notice";
import { RenderedMarkdown } from "../rendered-markdown";
import type { ItemStatus } from "~/domain/agenda/item-lifecycle";

/** An instant as people read it here: "2026-11-26 14:05 UTC". */
export function utc(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

function When({ iso }: { iso: string }) {
  return <time dateTime={iso}>{utc(iso)}</time>;
}

/** Who proposed and leads an item, how long it needs, who backs it and where to read more. */
export function ItemFacts(props: {
  proposerName: string;
  createdAt: string;
  leadName: string;
  minutesNeeded: number;
  cosponsors: readonly string[];
  links: readonly string[];
}) {
  const { cosponsors, links } = props;
  return (
    <dl className="item-facts">
      <dt>Proposed by</dt>
      <dd>
        {props.proposerName} <span className="muted">on {utc(props.createdAt)}</span>
      </dd>
      <dt>Discussion lead</dt>
      <dd>{props.leadName}</dd>
      <dt>Time requested</dt>
      <dd>{`${props.minutesNeeded} minutes`}</dd>
      <dt>Co-sponsors</dt>
      <dd>{cosponsors.length === 0 ? "None yet" : `${cosponsors.length}: ${cosponsors.join(", ")}`}</dd>
      {links.length > 0 ? (
        <>
          <dt>Links</dt>
          <dd>
            <ul className="stack-list">
              {links.map((href) => (
                <li key={href}>
                  <a href={href} rel="noopener noreferrer nofollow">
                    {href}
                  </a>
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

const STATUS_NOTE_LEAD: Partial<Record<ItemStatus, string>> = {
  declined: "The organizers declined this item",
  returned: "The organizers returned this item for changes",
};

/** The organizers' words on the item, and where it was merged to or from. */
export function ItemStanding(props: {
  itemsUrl: string;
  status: ItemStatus;
  statusNote: string | null;
  mergedInto: number | null;
  mergedFrom: ReadonlyArray<{ number: number; title: string }>;
}) {
  const { itemsUrl, mergedInto, mergedFrom } = props;
  return (
    <>
      {props.statusNote ? (
        <Notice>
          {STATUS_NOTE_LEAD[props.status] ?? "Note from the organizers"}: {props.statusNote}
        </Notice>
      ) : null}
      {mergedInto !== null ? (
        <p>
          This item was merged into <Link to={`${itemsUrl}/${mergedInto}`}>item {mergedInto}</Link>; its co-sponsors
          carried over.
        </p>
      ) : null}
      {mergedFrom.length > 0 ? (
        <>
          <p>Items merged into this one:</p>
          <ul>
            {mergedFrom.map((m) => (
              <li key={m.number}>
                <Link to={`${itemsUrl}/${m.number}`}>
                  Item {m.number}: {m.title}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** The background, in sanitized Markdown. */
export function ItemBackground({ html }: { html: string }) {
  return (
    <section aria-labelledby="background-heading">
      <h3 id="background-heading">Background</h3>
      {html.trim() !== "" ? <RenderedMarkdown html={html} /> : <p className="muted">No background given.</p>}
    </section>
  );
}

export interface RevisionEntry {
  revision: number;
  authorName: string;
  at: string;
  changes: ReadonlyArray<{ label: string; before: string; after: string }>;
}

export interface HistoryEvent {
  id: number;
  at: string;
  actorName: string;
  text: string;
  note: string | null;
}

/** Every revision with what it changed, then what happened to the item's status and support. */
export function ItemHistory({
  revisions,
  events,
}: {
  revisions: readonly RevisionEntry[];
  events: readonly HistoryEvent[];
}) {
  return (
    <section aria-labelledby="history-heading">
      <h3 id="history-heading">History</h3>
      <ol className="stack-list">
        {revisions.map((revision) => (
          <li key={revision.revision} className="card">
            <p>
              <strong>Revision {revision.revision}</strong> by {revision.authorName}, <When iso={revision.at} />
            </p>
            {revision.revision === 1 ? (
              <p className="muted">The first version.</p>
            ) : revision.changes.length === 0 ? (
              <p className="muted">No visible change.</p>
            ) : (
              <ul className="stack-list">
                {revision.changes.map((change) => (
                  <li key={change.label}>
                    <p>
                      <strong>{change.label}</strong>
                    </p>
                    {/* Plain text, never Markdown: the words themselves changed. */}
                    <div className="diff">
                      <span className="muted">Before</span>
                      <del>{change.before || "(empty)"}</del>
                      <span className="muted">After</span>
                      <ins>{change.after || "(empty)"}</ins>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      {events.length > 0 ? (
        <>
          <h4>Status and co-sponsors</h4>
          <ol className="stack-list">
            {events.map((event) => (
              <li key={event.id}>
                <When iso={event.at} />: {event.actorName} {event.text}
                {event.note ? <> — “{event.note}”</> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
