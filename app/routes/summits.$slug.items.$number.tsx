import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireItemAddress, requireUser } from "~/auth/guards.server";
import { ItemBackground, ItemFacts, ItemHistory, ItemStanding } from "~/components/agenda/item-details";
import { DesiredOutcome, ItemStatusBadge } from "~/components/agenda/item-outcome";
import { Notice } from "~/components/notice";
import { readConformForm, readFormFields } from "~/forms/posted-form";
import { badRequest, noticeFrom, refusalResponse } from "~/lib/http";
import { setCosponsorship } from "~/services/agenda/commands.server";
import { getItemPage } from "~/services/agenda/pages.server";

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

// While the summit's agenda is public, anyone reads its accepted items; whoever
// else may not see the item is sent to sign in first, then refused.
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

/** Co-sponsoring and taking it back: the form is one button, so a refusal is its message. */
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

export default function ItemPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { item, viewer } = data;
  const itemsUrl = `/summits/${data.summit.slug}/items`;
  const itemUrl = `${itemsUrl}/${item.number}`;

  return (
    <article aria-labelledby="item-heading">
      <p className="eyebrow">
        <Link to={itemsUrl}>Agenda items</Link> · Item {item.number}
      </p>
      <h2 id="item-heading">{item.title}</h2>
      {data.notice ? <Notice tone="success">{data.notice}</Notice> : null}
      {failure?.message ? <Notice tone="error">{failure.message}</Notice> : null}
      <p>
        <ItemStatusBadge status={item.status} label={item.statusLabel} />
      </p>

      <DesiredOutcome text={item.desiredOutcome} kindLabel={item.outcomeKindLabel} />
      {viewer.seesPoll ? (
        <p>
          <Link to={`${itemUrl}/poll`}>Decision poll on this item</Link>
        </p>
      ) : null}
      <ItemFacts
        proposerName={item.proposerName}
        createdAt={item.createdAt}
        leadName={item.leadName}
        minutesNeeded={item.minutesNeeded}
        cosponsors={data.cosponsors}
        links={item.links}
      />
      <ItemStanding
        itemsUrl={itemsUrl}
        status={item.status}
        statusNote={item.statusNote}
        mergedInto={item.mergedInto}
        mergedFrom={item.mergedFrom}
      />

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

      <ItemBackground html={item.backgroundHtml} />
      <ItemHistory revisions={data.history} events={data.events} />
    </article>
  );
}
