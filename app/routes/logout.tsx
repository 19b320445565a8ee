import { useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { FormActions, SubmitButton } from "~/components/form-field";
import { Notice } from "~/components/notice";
import { parseWithZod } from "~/forms/conform";
import { SignOutFormSchema } from "~/forms/sign-in";
import { readConformForm } from "~/forms/posted-form";
import { signOut } from "~/services/account/commands.server";

export const meta: MetaFunction = () => [{ title: "Sign out · Summit" }];

/** GET changes nothing (R5): it only offers the sign-out button. */
export async function loader({ context }: LoaderFunctionArgs) {
  return json({ signedInAs: (await context.viewer.user())?.displayName ?? null });
}

/** Deletes the session on the server, then clears the cookie. */
export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readConformForm(request);
  const submission = parseWithZod(formData, { schema: SignOutFormSchema });
  if (submission.status !== "success") {
    return json(
      {
        result: submission.reply({ formErrors: ["The sign-out form carried unexpected fields; nothing was changed."] }),
      },
      { status: 400 },
    );
  }
  const blankCookie = await signOut(context.db, {
    sessionSettings: context.sessionSettings,
    cookieHeader: request.headers.get("Cookie"),
  });
  return redirect("/", { headers: { "Set-Cookie": blankCookie } });
}

export default function Logout() {
  const { signedInAs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form] = useForm({
    id: "sign-out",
    lastResult: actionData?.result,
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: SignOutFormSchema });
    },
  });
  return (
    <>
      <h1>Sign out</h1>
      {form.errors?.[0] ? (
        <Notice tone="error" id={form.errorId}>
          {form.errors[0]}
        </Notice>
      ) : null}
      {signedInAs ? (
        <>
          <p>You are signed in as {signedInAs}.</p>
          <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form" aria-label="Sign out">
            <FormActions>
              <SubmitButton>Sign out</SubmitButton>
              <Link to="/">Stay signed in</Link>
            </FormActions>
          </Form>
        </>
      ) : (
        <p>
          You are signed out. <Link to="/login">Sign in</Link> or go back to <Link to="/">the list of summits</Link>.
        </p>
      )}
    </>
  );
}
