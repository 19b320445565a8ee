import { useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { FormActions, FormField, SubmitButton } from "~/components/form-field";
import { Notice } from "~/components/notice";
import { parseWithZod } from "~/forms/conform";
import { DISPLAY_NAME_MAX_LENGTH, ProfileFormSchema } from "~/forms/sign-in";
import { readConformForm } from "~/forms/posted-form";
import { notFound } from "~/lib/http";
import { changeDisplayName, signOutEverywhere } from "~/services/account/commands.server";
import { getProfilePage } from "~/services/account/pages.server";

export const meta: MetaFunction = () => [{ title: "Your profile · Summit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(context, request);
  const profile = await getProfilePage(context.db, user.id);
  if (!profile) throw notFound("Your account no longer exists.");
  return json({ ...profile, saved: new URL(request.url).searchParams.get("saved") === "1" });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readConformForm(request);
  const submission = parseWithZod(formData, { schema: ProfileFormSchema });
  const user = await requireUser(context, request);
  if (submission.status !== "success") {
    const intent = formData.get("intent") === "sign-out-everywhere" ? "sign-out-everywhere" : "update-display-name";
    return json({ intent, result: submission.reply() }, { status: 400 });
  }
  if (submission.value.intent === "sign-out-everywhere") {
    const blankCookie = await signOutEverywhere(context.db, {
      userId: user.id,
      sessionSettings: context.sessionSettings,
    });
    return redirect("/login?signed-out=everywhere", { headers: { "Set-Cookie": blankCookie } });
  }
  const changed = await changeDisplayName(context.db, { userId: user.id, displayName: submission.value.displayName });
  if (!changed) throw notFound("Your account no longer exists.");
  return redirect("/profile?saved=1");
}

export default function Profile() {
  const profile = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: "display-name",
    lastResult: actionData?.intent === "update-display-name" ? actionData.result : undefined,
    defaultValue: { intent: "update-display-name", displayName: profile.displayName },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: ProfileFormSchema });
    },
  });
  const [signOutForm] = useForm({
    id: "sign-out-everywhere",
    lastResult: actionData?.intent === "sign-out-everywhere" ? actionData.result : undefined,
    defaultValue: { intent: "sign-out-everywhere" },
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: ProfileFormSchema });
    },
  });
  const nameError = fields.displayName.errors?.[0];
  // The sign-out form has no field of its own: whatever is wrong with it is said over its button.
  const signOutError = signOutForm.errors?.[0] ?? Object.values(signOutForm.allErrors).flat()[0];

  return (
    <>
      <h1>Your profile</h1>
      {profile.saved ? <Notice tone="success">Your display name has been saved.</Notice> : null}
      <dl className="facts">
        <dt>Email address</dt>
        <dd>{profile.email}</dd>
        <dt>Member since</dt>
        <dd>{profile.memberSince}</dd>
        {profile.isAdmin ? (
          <>
            <dt>Role</dt>
            <dd>
              <span className="badge">Administrator</span>
            </dd>
          </>
        ) : null}
      </dl>

      <section className="card" aria-labelledby="display-name-heading">
        <h2 id="display-name-heading">Display name</h2>
        <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form">
          {form.errors?.[0] ? (
            <Notice tone="error" id={form.errorId}>
              {form.errors[0]}
            </Notice>
          ) : null}
          <input type="hidden" name="intent" value="update-display-name" />
          <FormField
            key={fields.displayName.key}
            id={fields.displayName.id}
            label="Display name"
            hint={
              <>
                Shown beside your agenda items, votes and in the minutes. At most {DISPLAY_NAME_MAX_LENGTH} characters.
              </>
            }
            error={nameError}
            errorId={fields.displayName.errorId}
            name={fields.displayName.name}
            type="text"
            autoComplete="name"
            required
            maxLength={DISPLAY_NAME_MAX_LENGTH * 2}
            defaultValue={fields.displayName.initialValue ?? ""}
          />
          <FormActions>
            <SubmitButton>Save display name</SubmitButton>
          </FormActions>
        </Form>
      </section>

      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Signed-in devices</h2>
        <p>
          Signing out everywhere ends every session of your account, on this device and all others (a lost laptop, a
          shared computer). You can sign in again with a new link at any time.
        </p>
        {signOutError ? (
          <Notice tone="error" id={signOutForm.errorId}>
            {signOutError}
          </Notice>
        ) : null}
        <Form
          method="post"
          id={signOutForm.id}
          onSubmit={signOutForm.onSubmit}
          noValidate
          aria-label="Sign out everywhere"
        >
          <input type="hidden" name="intent" value="sign-out-everywhere" />
          <FormActions>
            <SubmitButton variant="danger">Sign out everywhere</SubmitButton>
          </FormActions>
        </Form>
      </section>
    </>
  );
}
