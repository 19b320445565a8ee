import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import type { ReactNode } from "react";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireOrganizerOfSummit } from "~/auth/guards.server";
import { FormActions, FormField, SubmitButton } from "~/components/form-field";
import { ItemList, ItemListEntry, itemAnchor, type ItemSummary } from "~/components/item-list";
import { Notice } from "~/components/notice";
import type { ItemAction, ItemStatus } from "~/domain/agenda/item-lifecycle";
import { STATUS_NOTE_MAX_LENGTH } from "~/forms/agenda-item";
import { readFormFields } from "~/forms/summit";
import { readConformForm } from "~/forms/text";
import { badRequest, noticeFrom } from "~/lib/http";
import { getTriagePage, triageItem } from "~/services/agenda/agenda-items.server";

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

/** Organizers only: every item waiting for a decision or already decided, with the forms to decide. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { summit } = await requireOrganizerOfSummit(context, request, params.slug ?? "");
  const page = await getTriagePage(context.db, summit);
  return json({
    summit: { slug: summit.slug, title: summit.title },
    ...page,
    notice: noticeFrom(new URL(request.url), NOTICES)?.text ?? null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const { user, summit } = await requireOrganizerOfSummit(context, request, slug);
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
      { intent, number, message: result.message, fieldErrors: result.fieldErrors ?? {}, values },
      { status: result.status },
    );
  }
  const notice = NOTICE_OF_STATUS[result.value.status];
  // A merged item leaves the list: come back to the item it joined.
  const anchor = itemAnchor(result.value.into ?? result.value.number);
  return redirect(`/summits/${slug}/triage${notice ? `?notice=${notice}` : ""}#${anchor}`);
}

const GROUPS: Array<{ status: ItemStatus; heading: string; empty: string }> = [
  { status: "submitted", heading: "Waiting for a decision", empty: "No item is waiting for a decision." },
  { status: "returned", heading: "Returned for changes", empty: "No item is back with its proposer." },
  { status: "accepted", heading: "Accepted", empty: "No item is accepted yet." },
  { status: "declined", heading: "Declined", empty: "No item is declined." },
];

const NOTE_LABEL: Partial<Record<ItemStatus, string>> = {
  returned: "What to change",
  declined: "Why it was declined",
};

type TriageItem = ItemSummary & { statusNote: string | null; actions: ItemAction[] };

interface Failure {
  intent: string;
  number: string;
  message: string;
  fieldErrors: Record<string, string>;
  values: Record<string, string>;
}

/** Field errors that belong to no field the organizer can change: said in the notice instead. */
function formLevelErrors(failure: Failure): string[] {
  return ["form", "intent", "number"]
    .map((key) => failure.fieldErrors[key])
    .filter((message): message is string => typeof message === "string" && message !== failure.message);
}

function FailureNotice({ failure }: { failure: Failure }) {
  const extra = formLevelErrors(failure);
  return (
    <Notice tone="error">
      {failure.message}
      {extra.length > 0 ? ` ${extra.join(" ")}` : ""}
    </Notice>
  );
}

/** Returning and declining: one required note (the comment, the reason) that the proposer reads. */
function NoteForm(props: {
  /** The hidden intent and number fields, written out where the form is used. */
  children: ReactNode;
  id: string;
  field: "comment" | "reason";
  summary: ReactNode;
  label: string;
  hint: string;
  button: ReactNode;
  variant: "secondary" | "danger";
  failure: Failure | null;
  busy: boolean;
  action: string;
}) {
  const { failure, field } = props;
  return (
    <details className="triage-details" open={failure !== null}>
      <summary>{props.summary}</summary>
      <Form method="post" action={props.action} className="form" noValidate>
        {props.children}
        <FormField
          id={props.id}
          label={props.label}
          hint={props.hint}
          error={failure?.fieldErrors[field]}
          control={(controlProps) => (
            <textarea
              {...controlProps}
              name={field}
              rows={3}
              required
              maxLength={STATUS_NOTE_MAX_LENGTH}
              defaultValue={failure?.values[field] ?? ""}
            />
          )}
        />
        <FormActions>
          <SubmitButton variant={props.variant} disabled={props.busy}>
            {props.button}
          </SubmitButton>
        </FormActions>
      </Form>
    </details>
  );
}

function TriageForms({
  item,
  action,
  failure,
  busy,
}: {
  item: TriageItem;
  action: string;
  failure: Failure | null;
  busy: boolean;
}) {
  const n = item.number;
  const about = <span className="visually-hidden"> item {n}</span>;
  const failed = (intent: ItemAction) => (failure && failure.intent === intent ? failure : null);
  const declineFailure = failed("decline");
  const returnFailure = failed("return");
  const mergeFailure = failed("merge");
  const has = (a: ItemAction) => item.actions.includes(a);
  return (
    <div className="triage-actions">
      {failure ? <FailureNotice failure={failure} /> : null}
      {has("accept") || has("reopen") ? (
        <div className="form-actions">
          {has("accept") ? (
            <Form method="post" action={action}>
              <input type="hidden" name="intent" value="accept" />
              <input type="hidden" name="number" value={n} />
              <SubmitButton disabled={busy}>Accept{about}</SubmitButton>
            </Form>
          ) : null}
          {has("reopen") ? (
            <Form method="post" action={action}>
              <input type="hidden" name="intent" value="reopen" />
              <input type="hidden" name="number" value={n} />
              <SubmitButton variant="secondary" disabled={busy}>
                Reopen{about}
              </SubmitButton>
            </Form>
          ) : null}
        </div>
      ) : null}
      {has("return") ? (
        <NoteForm
          id={`return-comment-${n}`}
          field="comment"
          summary={<>Return for changes{about}</>}
          label="What should the proposer change?"
          hint="The proposer gets it by mail and on the item's page, and can edit the item and submit it again."
          button={<>Return for changes{about}</>}
          variant="secondary"
          failure={returnFailure}
          busy={busy}
          action={action}
        >
          <input type="hidden" name="intent" value="return" />
          <input type="hidden" name="number" value={n} />
        </NoteForm>
      ) : null}
      {has("merge") ? (
        <details className="triage-details" open={mergeFailure !== null}>
          <summary>Merge into another item{about}</summary>
          <Form method="post" action={action} className="form" noValidate>
            <input type="hidden" name="intent" value="merge" />
            <input type="hidden" name="number" value={n} />
            <FormField
              id={`merge-into-${n}`}
              name="into"
              label="Merge into item number"
              hint="An item that is still to be discussed. Its co-sponsors carry over to that item."
              type="number"
              inputMode="numeric"
              min={1}
              step={1}
              required
              error={mergeFailure?.fieldErrors.into}
              defaultValue={mergeFailure?.values.into ?? ""}
            />
            <FormActions>
              <SubmitButton variant="secondary" disabled={busy}>
                Merge{about}
              </SubmitButton>
            </FormActions>
          </Form>
        </details>
      ) : null}
      {has("decline") ? (
        <NoteForm
          id={`decline-reason-${n}`}
          field="reason"
          summary={<>Decline{about}</>}
          label="Reason for declining"
          hint="Required. The proposer gets it by mail and on the item's page."
          button={<>Decline{about}</>}
          variant="danger"
          failure={declineFailure}
          busy={busy}
          action={action}
        >
          <input type="hidden" name="intent" value="decline" />
          <input type="hidden" name="number" value={n} />
        </NoteForm>
      ) : null}
    </div>
  );
}

export default function TriagePage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const triageUrl = `/summits/${data.summit.slug}/triage`;
  const failure: Failure | null = actionData ?? null;
  const failedHere = (n: number) => (failure && failure.number === String(n) ? failure : null);
  const failureElsewhere = failure !== null && !data.items.some((item) => String(item.number) === failure.number);

  return (
    <section aria-labelledby="triage-heading">
      <h2 id="triage-heading">Triage</h2>
      <p className="lead">
        Accept the items that go on the agenda, return those that need work, merge duplicates and decline the rest. Only
        organizers see this page.
      </p>
      {data.notice ? <Notice tone="success">{data.notice}</Notice> : null}
      {failure && failureElsewhere ? <FailureNotice failure={failure} /> : null}
      {!data.triageOpen ? (
        <Notice>
          Items are triaged only while proposals are open and during the vote; this summit is in its{" "}
          {data.phaseLabel.toLowerCase()} phase. The decisions below stand as they are.
        </Notice>
      ) : null}
      {GROUPS.map((group) => {
        const items = data.items.filter((item) => item.status === group.status);
        const headingId = `triage-${group.status}`;
        return (
          <section key={group.status} aria-labelledby={headingId}>
            <h3 id={headingId}>
              {group.heading} ({items.length})
            </h3>
            {items.length === 0 ? (
              <p className="muted">{group.empty}</p>
            ) : (
              <ItemList labelledBy={headingId}>
                {items.map((item) => (
                  <ItemListEntry
                    key={item.number}
                    item={item}
                    href={`/summits/${data.summit.slug}/items/${item.number}`}
                    headingLevel={4}
                    showProposer
                  >
                    {item.statusNote ? (
                      <div className="item-card__note">
                        <p className="item-card__note-label">{NOTE_LABEL[item.status] ?? "Note"}</p>
                        <p>{item.statusNote}</p>
                      </div>
                    ) : null}
                    {data.triageOpen && item.actions.length > 0 ? (
                      <TriageForms item={item} action={triageUrl} failure={failedHere(item.number)} busy={busy} />
                    ) : null}
                  </ItemListEntry>
                ))}
              </ItemList>
            )}
          </section>
        );
      })}
    </section>
  );
}
