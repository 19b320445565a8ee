import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { endSession } from "~/auth/session.server";
import { SignOutFormSchema } from "~/forms/sign-in";
import { readConformForm } from "~/forms/text";

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
    return json({ error: "The sign-out form carried unexpected fields; nothing was changed." }, { status: 400 });
  }
  const blankCookie = await endSession(context.db, context.sessionSettings, request.headers.get("Cookie"));
  return redirect("/", { headers: { "Set-Cookie": blankCookie } });
}

export default function Logout() {
  const { signedInAs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>Sign out</h1>
      {actionData?.error ? (
        <div className="notice notice--error" role="alert">
          <p>{actionData.error}</p>
        </div>
      ) : null}
      {signedInAs ? (
        <>
          <p>You are signed in as {signedInAs}.</p>
          <Form method="post" className="form" aria-label="Sign out">
            <div className="form-actions">
              <button type="submit" className="button">
                Sign out
              </button>
              <Link to="/">Stay signed in</Link>
            </div>
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
