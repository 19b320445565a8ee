import { useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type * as z from "zod/mini";
import { requireSummit, requireUser } from "~/auth/guards.server";
import { FormActions } from "~/components/form-field";
import { ItemFields } from "~/components/agenda/item-form";
import { Notice } from "~/components/notice";
import { useDeferredChecks } from "~/forms/deferred-checks";
import { NewItemFormSchema, refusalReply } from "~/forms/item-forms.server";
import { readConformForm, readFormFields } from "~/forms/posted-form";
import { badRequest, refusalResponse } from "~/lib/http";
import { proposeItem } from "~/services/agenda/commands.server";
import { getNewItemPage } from "~/services/agenda/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Propose an agenda item · ${data.summit.title} · Summit` : "Propose an agenda item · Summit" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireUser(context, request);
  const { summit, standing } = await requireSummit(context, params.slug);
  const page = await getNewItemPage(context.db, { summit, standing });
  if (!page.ok) throw refusalResponse(page);
  return json({ summit: { slug: summit.slug, title: summit.title }, ...page.value });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(context, request);
  const { summit } = await requireSummit(context, params.slug);
  const formData = await readConformForm(request);
  const fields = readFormFields(formData);
  if (!fields.ok) throw badRequest(fields.message);
  const result = await proposeItem(context.db, {
    summitId: summit.id,
    actorId: user.id,
    input: fields.fields,
    now: new Date(),
  });
  if (!result.ok) {
    return json({ result: refusalReply(formData, NewItemFormSchema, result) }, { status: result.status });
  }
  const notice = result.value.status === "submitted" ? "proposed" : "drafted";
  return redirect(`/summits/${summit.slug}/items/${result.value.number}?notice=${notice}`);
}

type NewItemInput = z.input<typeof NewItemFormSchema>;
type NewItemOutput = z.output<typeof NewItemFormSchema>;

const loadChecks = () => import("~/forms/item-checks").then((checks) => checks.checkNewItem);

export default function NewItemPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const checks = useDeferredChecks<NewItemInput, NewItemOutput>(loadChecks);
  const [form, fields] = useForm<NewItemInput, NewItemOutput>({
    id: "new-item",
    lastResult: actionData?.result,
    defaultValue: { minutesNeeded: "30", leadId: "" },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: checks.onValidate,
  });
  const listUrl = `/summits/${data.summit.slug}/items`;

  return (
    <section aria-labelledby="new-item-heading">
      <h2 id="new-item-heading">Propose an agenda item</h2>
      <p>
        <Link to={listUrl}>Back to the agenda items</Link>
      </p>
      {!data.proposalsOpen ? (
        <Notice>
          Proposals are not open: {data.summit.title} is in its {data.phaseLabel.toLowerCase()} phase. Items are
          proposed only while the summit is in its proposals phase.
        </Notice>
      ) : (
        <>
          <p>
            Every item states the result it seeks: the decision, the agreement or the plan the summit should leave with.
            A draft is seen only by you until you submit it to the organizers.
          </p>
          <Form
            method="post"
            id={form.id}
            onSubmit={form.onSubmit}
            onFocus={checks.start}
            noValidate
            className="form"
            aria-labelledby="new-item-heading"
          >
            {form.errors?.[0] ? (
              <Notice tone="error" id={form.errorId}>
                {form.errors[0]}
              </Notice>
            ) : null}
            <ItemFields fields={fields} leads={data.leads} proposerChoice />
            <FormActions>
              <button type="submit" name="intent" value="submit" className="button" disabled={busy}>
                Submit to the organizers
              </button>
              <button
                type="submit"
                name="intent"
                value="save-draft"
                className="button button--secondary"
                disabled={busy}
              >
                Save as draft
              </button>
            </FormActions>
          </Form>
        </>
      )}
    </section>
  );
}
