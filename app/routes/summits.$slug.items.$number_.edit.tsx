import { useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type * as z from "zod/mini";
import { requireItemAddress, requireUser } from "~/auth/guards.server";
import { FormActions } from "~/components/form-field";
import { ItemFields } from "~/components/agenda/item-form";
import { ItemStatusBadge } from "~/components/agenda/item-outcome";
import { Notice } from "~/components/notice";
import { useDeferredChecks } from "~/forms/deferred-checks";
import { EditItemFormSchema, WithdrawItemFormSchema, refusalReply } from "~/forms/item-forms.server";
import { readConformForm, readFormFields } from "~/forms/posted-form";
import { badRequest, refusalResponse } from "~/lib/http";
import { editItem, withdrawItem } from "~/services/agenda/commands.server";
import { getEditItemPage } from "~/services/agenda/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Edit item ${data.item.number}: ${data.item.title} · ${data.summit.title} · Summit`
      : "Edit an agenda item · Summit",
  },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(context, request);
  const { summit, number, standing } = await requireItemAddress(context, params);
  const page = await getEditItemPage(context.db, { summit, number, standing });
  if (!page.ok) throw refusalResponse(page);
  return json({ summit: { slug: summit.slug, title: summit.title }, ...page.value });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const { summit, number } = await requireItemAddress(context, params);
  const formData = await readConformForm(request);
  const fields = readFormFields(formData);
  if (!fields.ok) throw badRequest(fields.message);
  const itemUrl = `/summits/${summit.slug}/items/${number}`;
  const args = { summitId: summit.id, number, actorId: user.id, input: fields.fields, now: new Date() };
  if (fields.fields.intent === "withdraw") {
    const result = await withdrawItem(context.db, args);
    if (!result.ok) {
      return json(
        { intent: "withdraw" as const, result: refusalReply(formData, WithdrawItemFormSchema, result) },
        { status: result.status },
      );
    }
    return redirect(`${itemUrl}?notice=withdrawn`);
  }
  // "save", "submit", and anything else: the service refuses an unknown intent beside the form.
  const result = await editItem(context.db, args);
  if (!result.ok) {
    return json(
      { intent: "edit" as const, result: refusalReply(formData, EditItemFormSchema, result) },
      { status: result.status },
    );
  }
  const notice = result.value.submitted ? "submitted" : result.value.changed.length > 0 ? "saved" : "unchanged";
  return redirect(`${itemUrl}?notice=${notice}`);
}

type EditItemInput = z.input<typeof EditItemFormSchema>;
type EditItemOutput = z.output<typeof EditItemFormSchema>;

const loadChecks = () => import("~/forms/item-checks").then((checks) => checks.checkEditedItem);

export default function EditItemPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const { item } = data;
  const checks = useDeferredChecks<EditItemInput, EditItemOutput>(loadChecks);
  const [form, fields] = useForm<EditItemInput, EditItemOutput>({
    id: "edit-item",
    lastResult: actionData?.intent === "edit" ? actionData.result : undefined,
    defaultValue: {
      title: item.title,
      outcomeKind: item.outcomeKind,
      desiredOutcome: item.desiredOutcome,
      background: item.background,
      minutesNeeded: String(item.minutesNeeded),
      leadId: item.leadId,
      links: item.links.join("\n"),
    },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: checks.onValidate,
  });
  const itemUrl = `/summits/${data.summit.slug}/items/${item.number}`;
  const withdrawError = actionData?.intent === "withdraw" ? actionData.result.error?.[""]?.[0] : undefined;

  return (
    <section aria-labelledby="edit-item-heading">
      <h2 id="edit-item-heading">
        Edit item {item.number}: {item.title}
      </h2>
      <p>
        <ItemStatusBadge status={item.status} label={item.statusLabel} /> <Link to={itemUrl}>Back to the item</Link>
      </p>
      {item.status === "returned" && item.statusNote ? (
        <Notice>The organizers returned this item for changes: {item.statusNote}</Notice>
      ) : null}
      {!data.editable ? (
        <Notice>{data.whyNot}</Notice>
      ) : (
        <Form
          method="post"
          id={form.id}
          onSubmit={form.onSubmit}
          onFocus={checks.start}
          noValidate
          className="form"
          aria-labelledby="edit-item-heading"
        >
          {form.errors?.[0] ? (
            <Notice tone="error" id={form.errorId}>
              {form.errors[0]}
            </Notice>
          ) : null}
          {/* The revision this text was based on: a save over a newer one is refused, not lost. */}
          <input type="hidden" name="revision" value={String(item.revision)} />
          <ItemFields fields={fields} leads={data.leads} proposerChoice={false} />
          <FormActions>
            <button
              type="submit"
              name="intent"
              value="save"
              className={data.canSubmit ? "button button--secondary" : "button"}
              disabled={busy}
            >
              Save changes
            </button>
            {data.canSubmit ? (
              <button type="submit" name="intent" value="submit" className="button" disabled={busy}>
                Save and submit
              </button>
            ) : null}
          </FormActions>
          <p className="muted">Every save is kept as a revision; the item&apos;s page shows what changed.</p>
        </Form>
      )}
      {data.canWithdraw ? (
        <section className="card" aria-labelledby="withdraw-heading">
          <h3 id="withdraw-heading">Withdraw this item</h3>
          <p>
            Withdrawing is final: the item and its history stay visible to the participants, but it can no longer be
            edited, co-sponsored or put on the agenda.
          </p>
          {withdrawError ? <Notice tone="error">{withdrawError}</Notice> : null}
          <Form method="post" aria-labelledby="withdraw-heading">
            <FormActions>
              <button type="submit" name="intent" value="withdraw" className="button button--danger" disabled={busy}>
                Withdraw this item
              </button>
            </FormActions>
          </Form>
        </section>
      ) : null}
    </section>
  );
}
