import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireOrganizerOfSummit } from "~/auth/guards.server";
import { ItemList, ItemListEntry } from "~/components/agenda/item-list";
import { afterDecisionHref, decisionsHref, triageHref } from "~/components/agenda/triage-address";
import {
  TriageForms,
  type DecisionButtons,
  type TriageFailure,
  StatusNote,
  TriageClosedNotice,
} from "~/components/agenda/triage-forms";
import { parseItemNumber } from "~/forms/agenda-item";
import { readConformForm, readFormFields } from "~/forms/posted-form";
import { triageFailure, triageViewOf } from "~/forms/triage";
import { badRequest, notFound, refusalResponse } from "~/lib/http";
import { triageItem } from "~/services/agenda/commands.server";
import { getTriageItemPage } from "~/services/agenda/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Decide on item ${data.item.number} · ${data.summit.title} · Summit` : "Triage · Summit" },
];

/** The item's number from the address; anything else is no item. */
function numberOf(params: { number?: string }): number {
  const number = parseItemNumber(params.number);
  if (number === null) throw notFound(`There is no item ${params.number ?? ""} to triage.`);
  return number;
}

/** Organizers only: one item of triage with every decision its status allows. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const number = numberOf(params);
  const { query, view } = triageViewOf(new URL(request.url));
  const { summit, standing } = await requireOrganizerOfSummit(context, request, params.slug);
  const page = await getTriageItemPage(context.db, { summit, standing, number });
  if (!page.ok) throw refusalResponse(page);
  return json({ summit: { slug: summit.slug, title: summit.title }, view, listPage: query.page, ...page.value });
}

/** A decision on this item; the organizer goes back to the triage view they came from, at the item. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const number = numberOf(params);
  const { user, summit } = await requireOrganizerOfSummit(context, request, params.slug);
  const formData = await readConformForm(request);
  const fields = readFormFields(formData);
  if (!fields.ok) throw badRequest(fields.message);
  // The address names the item: a number in the form cannot point the decision elsewhere.
  const input = { ...fields.fields, number: String(number) };
  const result = await triageItem(context.db, {
    summitId: summit.id,
    actorId: user.id,
    input,
    config: context.config,
    now: new Date(),
  });
  if (!result.ok) return json(triageFailure(formData, input, result), { status: result.status });
  const { query, view } = triageViewOf(new URL(request.url));
  return redirect(afterDecisionHref(`/summits/${summit.slug}/triage`, view, query.page, result.value));
}

/** Each decision's button, naming the intent it posts: the decisions this action takes. */
const BUTTONS: DecisionButtons = {
  accept: (props) => <button type="submit" {...props} name="intent" value="accept" />,
  reopen: (props) => <button type="submit" {...props} name="intent" value="reopen" />,
  return: (props) => <button type="submit" {...props} name="intent" value="return" />,
  merge: (props) => <button type="submit" {...props} name="intent" value="merge" />,
  decline: (props) => <button type="submit" {...props} name="intent" value="decline" />,
};

export default function TriageItemPage() {
  const data = useLoaderData<typeof loader>();
  const failure: TriageFailure | null = useActionData<typeof action>() ?? null;
  const busy = useNavigation().state === "submitting";
  const base = `/summits/${data.summit.slug}/triage`;
  const { item } = data;
  return (
    <section aria-labelledby="decide-heading">
      <p>
        <Link to={triageHref(base, data.view, data.listPage)}>Back to triage</Link>
      </p>
      <h2 id="decide-heading">Decide on item {item.number}</h2>
      {!data.triageOpen ? <TriageClosedNotice phaseLabel={data.phaseLabel} /> : null}
      <ItemList>
        <ItemListEntry
          item={item}
          href={`/summits/${data.summit.slug}/items/${item.number}`}
          headingLevel={3}
          showProposer
          showStatus
        >
          <StatusNote status={item.status} note={item.statusNote} />
          {item.actions.length > 0 ? (
            <TriageForms
              number={item.number}
              actions={item.actions}
              buttons={BUTTONS}
              action={decisionsHref(base, data.view, data.listPage, item.number)}
              failure={failure}
              busy={busy}
            />
          ) : null}
        </ItemListEntry>
      </ItemList>
    </section>
  );
}
