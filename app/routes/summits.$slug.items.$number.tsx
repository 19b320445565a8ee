import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireItemAddress, requireUser } from "~/auth/guards.server";
import { DesiredOutcome, ItemStatusBadge } from "~/components/item-outcome";
import { Notice } from "~/components/notice";
import { RenderedMarkdown } from "~/components/rendered-markdown";
import type { ItemStatus } from "~/domain/agenda/item-lifecycle";
import { readFormFields } from "~/forms/summit";
import { readConformForm } from "~/forms/text";
import { badRequest, noticeFrom, refusalResponse } from "~/lib/http";
import { getItemPage, setCosponsorship } from "~/services/agenda/agenda-items.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Item ${data.item.number}: ${data.item.title} · ${data.summit.title} · Summit`
      : "Agenda item · Summit",
  },
];

const NOTICES = {
  proposed: "Your item has been submitted to the organizers.",
  drafted: "Your draft has been saved. Only you see it until you submit it.",
  saved: "Your changes have been saved as a new revision.",
  submitted: "Your changes have been saved and the item submitted to the organizers.",
  unchanged: "Nothing had changed, so no new revision was saved.",
  withdrawn: "The item has been withdrawn.",
  cosponsored: "You co-sponsor this item.",
  unsponsored: "You no longer co-sponsor this item.",
} as const;

// Visitors read accepted items of a published public agenda; anyone else who
// may not see the item is sent to sign in first, then refused.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { summit, number, standing } = await requireItemAddress(context, params);
  const page = await getItemPage(context.db, { summit, number, standing });
  if (!page.ok) {
    if (page.status === 403) await requireUser(context, request);
    throw refusalResponse(page);
  }
  return json({
    summit: { slug: summit.slug, title: summit.title },
    ...page.value,
    notice: noticeFrom(new URL(request.url), NOTICES)?.text ?? null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const { summit, number } = await requireItemAddress(context, params);
  const formData = await readConformForm(request);
  const fields = readFormFields(formData);
  if (!fields.ok) throw badRequest(fields.message);
  const result = await setCosponsorship(context.db, {
    summitId: summit.id,
    number,
    actorId: user.id,
    input: fields.fields,
    now: new Date(),
  });
  if (!result.ok) {
    // The form has no field to mark: a field's message (a tampered intent) is the message.
    const fieldMessage = Object.entries(result.fieldErrors ?? {}).find(([name]) => name !== "form")?.[1];
    return json({ message: fieldMessage ?? result.message }, { status: result.status });
  }
  const notice = result.value.cosponsoring ? "cosponsored" : "unsponsored";
  return redirect(`/summits/${summit.slug}/items/${number}?notice=${notice}`);
}

/** An instant as people read it here: "2026-11-26 14:05 UTC". */
function utc(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

function When({ iso }: { iso: string }) {
  return <time dateTime={iso}>{utc(iso)}</time>;
}

const STATUS_NOTE_LEAD: Partial<Record<ItemStatus, string>> = {
  declined: "The organizers declined this item",
  returned: "The organizers returned this item for changes",
};

export default function ItemPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const { item, viewer } = data;
  const itemUrl = `/summits/${data.summit.slug}/items/${item.number}`;
  const noteLead = STATUS_NOTE_LEAD[item.status];

  return (
    <article aria-labelledby="item-heading">
      <p className="eyebrow">
        <Link to={`/summits/${data.summit.slug}/items`}>Agenda items</Link> · Item {item.number}
      </p>
      <h2 id="item-heading">{item.title}</h2>
      {data.notice ? <Notice tone="success">{data.notice}</Notice> : null}
      {failure?.message ? <Notice tone="error">{failure.message}</Notice> : null}
      <p>
        <ItemStatusBadge status={item.status} label={item.statusLabel} />
      </p>

      <DesiredOutcome kindLabel={item.outcomeKindLabel} text={item.desiredOutcome} />

      <dl className="item-facts">
        <dt>Proposed by</dt>
        <dd>
          {item.proposerName} <span className="muted">on {utc(item.createdAt)}</span>
        </dd>
        <dt>Discussion lead</dt>
        <dd>{item.leadName}</dd>
        <dt>Minutes needed</dt>
        <dd>{item.minutesNeeded}</dd>
        <dt>Co-sponsors</dt>
        <dd>
          {data.cosponsors.length === 0 ? "None yet" : `${data.cosponsors.length}: ${data.cosponsors.join(", ")}`}
        </dd>
        {item.links.length > 0 ? (
          <>
            <dt>Links</dt>
            <dd>
              <ul className="stack-list">
                {item.links.map((href) => (
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

      {item.statusNote ? (
        <Notice>
          {noteLead ?? "Note from the organizers"}: {item.statusNote}
        </Notice>
      ) : null}
      {item.mergedInto !== null ? (
        <p>
          This item was merged into{" "}
          <Link to={`/summits/${data.summit.slug}/items/${item.mergedInto}`}>item {item.mergedInto}</Link>; its
          co-sponsors carried over.
        </p>
      ) : null}
      {item.mergedFrom.length > 0 ? (
        <>
          <p>Items merged into this one:</p>
          <ul>
            {item.mergedFrom.map((m) => (
              <li key={m.number}>
                <Link to={`/summits/${data.summit.slug}/items/${m.number}`}>
                  Item {m.number}: {m.title}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {viewer.mayCosponsor || viewer.mayEdit ? (
        <div className="form-actions">
          {viewer.mayCosponsor ? (
            <Form
              method="post"
              action={itemUrl}
              aria-label={viewer.cosponsoring ? "Withdraw co-sponsorship" : "Co-sponsor"}
            >
              {viewer.cosponsoring ? (
                <button
                  type="submit"
                  name="intent"
                  value="unsponsor"
                  className="button button--secondary"
                  disabled={busy}
                >
                  Withdraw my co-sponsorship
                </button>
              ) : (
                <button type="submit" name="intent" value="cosponsor" className="button" disabled={busy}>
                  Co-sponsor this item (+1)
                </button>
              )}
            </Form>
          ) : null}
          {viewer.mayEdit ? (
            <Link className="button button--secondary" to={`${itemUrl}/edit`}>
              Edit
            </Link>
          ) : null}
        </div>
      ) : null}

      <section aria-labelledby="background-heading">
        <h3 id="background-heading">Background</h3>
        {item.backgroundHtml.trim() !== "" ? (
          <RenderedMarkdown html={item.backgroundHtml} />
        ) : (
          <p className="muted">No background given.</p>
        )}
      </section>

      <section aria-labelledby="history-heading">
        <h3 id="history-heading">History</h3>
        <ol className="stack-list">
          {data.history.map((revision) => (
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
        {data.events.length > 0 ? (
          <>
            <h4>Status and co-sponsors</h4>
            <ol className="stack-list">
              {data.events.map((event) => (
                <li key={event.id}>
                  <When iso={event.at} />: {event.actorName} {event.text}
                  {event.note ? <> — “{event.note}”</> : null}
                </li>
              ))}
            </ol>
          </>
        ) : null}
      </section>
    </article>
  );
}
