import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { AccountTable, CreateSummitCard, SummitTable } from "~/components/summits/administration";
import { CreateSummitFormSchema, refusedForm } from "~/forms/summit";
import { readConformForm, readFormFields } from "~/forms/posted-form";
import { badRequest } from "~/lib/http";
import { createSummit } from "~/services/summits/commands.server";
import { getAdminPage } from "~/services/summits/pages.server";

export const meta: MetaFunction = () => [{ title: "Administration · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireAdmin(context, request);
  return json(await getAdminPage(context.db));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readConformForm(request);
  const form = readFormFields(formData);
  if (!form.ok) throw badRequest(form.message);
  const { intent, ...input } = form.fields;
  if (intent !== "create-summit") {
    throw badRequest("This form does not say what it is for; reload the page and try again.");
  }
  const user = await requireAdmin(context, request);
  const result = await createSummit(context.db, { actor: user, input });
  if (!result.ok) {
    return json(refusedForm(intent, formData, CreateSummitFormSchema, result, input), { status: result.status });
  }
  return redirect(`/admin/summits/${result.value.slug}?notice=created`);
}

export default function Administration() {
  const { summits, users } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>Administration</h1>
      <p className="lead">Create summits and name their organizers; the organizers run everything else.</p>
      <SummitTable summits={summits} />
      <CreateSummitCard
        form={{
          action: "/admin?index",
          intent: <input type="hidden" name="intent" value="create-summit" />,
          lastResult: refusal?.result,
          busy,
        }}
      />
      <AccountTable users={users} />
    </>
  );
}
