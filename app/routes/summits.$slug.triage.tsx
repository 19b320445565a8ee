import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { requireOrganizerOfSummit } from "~/auth/guards.server";
import { ItemCount, ItemFilters, Pager, PastTheEnd } from "~/components/agenda/item-filters";
import { ItemListEntry } from "~/components/agenda/item-list";
import { afterDecisionHref, decisionsHref, triageHref, type TriageAddress } from "~/components/agenda/triage-address";
import {
  FailureNotice,
  QuickDecisions,
  StatusNote,
  TriageClosedNotice,
  type DecisionButtons,
  type QuickDecision,
  type TriageFailure,
} from "~/components/agenda/triage-forms";
import { TriageGroups } from "~/components/agenda/triage-groups";
import { Notice } from "~/components/notice";
import { DEFAULT_TRIAGE_VIEW, TRIAGE_VIEW_LABELS, TRIAGE_VIEWS } from "~/domain/agenda/triage";
import { ITEM_PAGE_SIZE } from "~/forms/agenda-item";
import { triageFailure, triageViewOf } from "~/forms/triage";
import { readConformForm, readFormFields } from "~/forms/posted-form";
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

/**
 * Organizers only: one page of the items still to decide (or of the view the
 * filters ask for), each with its quick decisions and a link to the others,
 * and every status's count.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { query, view } = triageViewOf(new URL(request.url));
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

/**
 * A decision on the item a posted form names by its number. The list's own
 * buttons post to each item's decisions page instead; this takes the form
 * the list sent before that page existed, so a page left open still works.
 * The organizer comes back to the view they decided from, at the item.
 */
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
  // A refusal is shown beside the forms of the item it was about, with what was typed.
  if (!result.ok) return json(triageFailure(formData, fields.fields, result), { status: result.status });
  const { query, view } = triageViewOf(new URL(request.url));
  return redirect(afterDecisionHref(`/summits/${summit.slug}/triage`, view, query.page, result.value));
}

/** Each quick decision's button, naming the intent it posts. */
const BUTTONS: Pick<DecisionButtons, QuickDecision> = {
  accept: (props) => <button type="submit" {...props} name="intent" value="accept" />,
  reopen: (props) => <button type="submit" {...props} name="intent" value="reopen" />,
};

const QUICK_FORM = "quick-decisions";

const VIEW_OPTIONS = TRIAGE_VIEWS.map((view) => ({ value: view, label: TRIAGE_VIEW_LABELS[view] }));

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
      {!data.triageOpen ? <TriageClosedNotice phaseLabel={data.phaseLabel} /> : null}

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

      {/* The one form the items' quick decisions send, each to its item's address. */}
      <Form id={QUICK_FORM} method="post" action={here} discover="none" />
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
            <StatusNote status={item.status} note={item.statusNote} />
            {item.actions.length > 0 ? (
              <QuickDecisions
                number={item.number}
                actions={item.actions}
                buttons={BUTTONS}
                formId={QUICK_FORM}
                decisionsHref={decisionsHref(base, view, data.page, item.number)}
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
