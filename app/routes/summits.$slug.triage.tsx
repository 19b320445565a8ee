import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { requireOrganizerOfSummit } from "~/auth/guards.server";
import { ItemCount, ItemFilters, Pager, PastTheEnd } from "~/components/agenda/item-filters";
import { ItemListEntry, itemAnchor } from "~/components/agenda/item-list";
import { triageHref, type TriageAddress } from "~/components/agenda/triage-address";
import { FailureNotice, TriageForms, type DecisionButtons, type TriageFailure } from "~/components/agenda/triage-forms";
import { TriageGroups } from "~/components/agenda/triage-groups";
import { Notice } from "~/components/notice";
import type { ItemStatus } from "~/domain/agenda/item-lifecycle";
import { DEFAULT_TRIAGE_VIEW, TRIAGE_VIEW_LABELS, TRIAGE_VIEWS } from "~/domain/agenda/triage";
import { ITEM_PAGE_SIZE } from "~/forms/agenda-item";
import { refusalReply } from "~/forms/reply";
import { TriageItemFormSchema, TriageQuerySchema } from "~/forms/triage";
import { readConformForm, readFormFields } from "~/forms/text";
import { badRequest, noticeFrom, refusalResponse } from "~/lib/http";
import { triageItem } from "~/services/agenda/commands.server";
import { getTriagePage } from "~/services/agenda/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Triage of ${data.summit.title} · Summit` : "Triage · Summit" },
];

const NOTICES = {
  accepted: "The item is accepted: it goes on the agenda.",
  declined: "The item is declined; its proposer reads your reason on the item's page.",
  returned: "The item is returned to its proposer with your comment.",
  merged: "The item is merged; its co-sponsors now back the item it was merged into.",
  reopened: "The item is reopened: it is waiting for a decision again.",
} as const;

/** Where a decision leaves the item, as the notice that confirms it. */
const NOTICE_OF_STATUS: Partial<Record<ItemStatus, keyof typeof NOTICES>> = {
  accepted: "accepted",
  declined: "declined",
  returned: "returned",
  merged: "merged",
  submitted: "reopened",
};

/** The view the address asks for; anything malformed is the default view. */
function viewOf(request: Request) {
  const query = TriageQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { query, view: { status: query.status, kind: query.kind ?? "", lead: query.lead, q: query.q } };
}

/**
 * Organizers only: one page of the items still to decide (or of the view the
 * filters ask for), each with the forms to decide, and every status's count.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { query, view } = viewOf(request);
  const { summit, standing } = await requireOrganizerOfSummit(context, request, params.slug);
  const page = await getTriagePage(context.db, { summit, standing, query });
  if (!page.ok) throw refusalResponse(page);
  return json({
    summit: { slug: summit.slug, title: summit.title },
    view,
    ...page.value,
    notice: noticeFrom(new URL(request.url), NOTICES)?.text ?? null,
  });
}

/** A decision; the organizer comes back to the view they decided from, at the item (or the item it joined). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, summit } = await requireOrganizerOfSummit(context, request, params.slug);
  const formData = await readConformForm(request);
  const fields = readFormFields(formData);
  if (!fields.ok) throw badRequest(fields.message);
  const result = await triageItem(context.db, {
    summitId: summit.id,
    actorId: user.id,
    input: fields.fields,
    config: context.config,
    now: new Date(),
  });
  if (!result.ok) {
    // Shown beside the forms of the item it was about, with what was typed.
    const { intent = "", number = "", ...values } = fields.fields;
    return json(
      {
        intent,
        number,
        message: result.message,
        fieldErrors: result.fieldErrors ?? {},
        values,
        result: refusalReply(formData, TriageItemFormSchema, result),
      },
      { status: result.status },
    );
  }
  const { query, view } = viewOf(request);
  const base = `/summits/${summit.slug}/triage`;
  const back = triageHref(base, view, query.page, NOTICE_OF_STATUS[result.value.status]);
  // A merged item leaves the list: come back to the item it joined.
  return redirect(`${back}#${itemAnchor(result.value.into ?? result.value.number)}`);
}

/** Each decision's button, naming the intent it posts: the decisions this action takes. */
const BUTTONS: DecisionButtons = {
  accept: (props) => <button type="submit" {...props} name="intent" value="accept" />,
  reopen: (props) => <button type="submit" {...props} name="intent" value="reopen" />,
  return: (props) => <button type="submit" {...props} name="intent" value="return" />,
  merge: (props) => <button type="submit" {...props} name="intent" value="merge" />,
  decline: (props) => <button type="submit" {...props} name="intent" value="decline" />,
};

const VIEW_OPTIONS = TRIAGE_VIEWS.map((view) => ({ value: view, label: TRIAGE_VIEW_LABELS[view] }));

const NOTE_LABEL: Partial<Record<ItemStatus, string>> = {
  returned: "What to change",
  declined: "Why it was declined",
};

export default function TriagePage() {
  const data = useLoaderData<typeof loader>();
  const failure: TriageFailure | null = useActionData<typeof action>() ?? null;
  const location = useLocation();
  const busy = useNavigation().state === "submitting";
  const base = `/summits/${data.summit.slug}/triage`;
  const view: TriageAddress = data.view;
  const here = triageHref(base, view, data.page);
  const filtered = Boolean(view.kind || view.lead || view.q);
  const pastTheEnd = data.items.length === 0 && data.total > 0;
  const failedHere = (n: number) => (failure && failure.number === String(n) ? failure : null);
  const failureElsewhere = failure !== null && !data.items.some((item) => String(item.number) === failure.number);

  return (
    <section aria-labelledby="triage-heading">
      <h2 id="triage-heading">Triage</h2>
      <p className="lead">
        Accept the items that go on the agenda, return those that need work, merge duplicates and decline the rest. Only
        organizers see this page. The proposer reads your comment or reason by mail and on the item&apos;s page; a
        merged item&apos;s co-sponsors carry over to the item you name by its number, which must still be to discuss.
      </p>
      {data.notice ? <Notice tone="success">{data.notice}</Notice> : null}
      {failure && failureElsewhere ? <FailureNotice failure={failure} /> : null}
      {!data.triageOpen ? (
        <Notice>
          Items are triaged only while proposals are open and during the vote; this summit is in its{" "}
          {data.phaseLabel.toLowerCase()} phase. The decisions below stand as they are.
        </Notice>
      ) : null}

      <ItemFilters
        action={base}
        filters={view}
        statuses={VIEW_OPTIONS}
        kinds={data.kinds}
        clearHref={filtered || view.status !== DEFAULT_TRIAGE_VIEW ? base : null}
        resetKey={location.search}
      />
      <ItemCount
        total={data.total}
        all={data.totalAll}
        filtered
        first={(data.page - 1) * ITEM_PAGE_SIZE + 1}
        shown={pastTheEnd ? 0 : data.items.length}
        paged={data.pageCount > 1}
      />
      {pastTheEnd ? (
        <PastTheEnd page={data.page} pageCount={data.pageCount} lastHref={triageHref(base, view, data.pageCount)} />
      ) : null}

      <TriageGroups
        groups={data.groups}
        items={data.items}
        viewHref={(status) => triageHref(base, { ...view, status }, 1)}
        pageHref={(page) => triageHref(base, view, page)}
        renderItem={(item) => (
          <ItemListEntry
            key={item.number}
            item={item}
            href={`/summits/${data.summit.slug}/items/${item.number}`}
            headingLevel={4}
            showProposer
            showStatus={false}
          >
            {item.statusNote ? (
              <div className="item-card__note">
                <p className="item-card__note-label">{NOTE_LABEL[item.status] ?? "Note"}</p>
                <p>{item.statusNote}</p>
              </div>
            ) : null}
            {item.actions.length > 0 ? (
              <TriageForms
                number={item.number}
                actions={item.actions}
                buttons={BUTTONS}
                action={here}
                failure={failedHere(item.number)}
                busy={busy}
              />
            ) : null}
          </ItemListEntry>
        )}
      />

      {data.pageCount > 1 && !pastTheEnd ? (
        <Pager page={data.page} pageCount={data.pageCount} hrefOf={(page) => triageHref(base, view, page)} />
      ) : null}
      {data.total === 0 && filtered ? (
        <p>
          No items match these filters. <Link to={base}>Clear the filters</Link>.
        </p>
      ) : null}
    </section>
  );
}
