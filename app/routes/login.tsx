import { useForm } from "@conform-to/react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormActions, FormField, SubmitButton } from "~/components/form-field";
import { Notice } from "~/components/notice";
import { parseWithZod } from "~/forms/conform";
import { SignInRequestFormSchema } from "~/forms/sign-in";
import { readConformForm } from "~/forms/posted-form";
import { safeRedirectPath } from "~/lib/http";
import { requestSignInLink } from "~/services/account/commands.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Summit" }];

// Remix keeps only Set-Cookie from loaders and actions unless the route passes the rest on (Retry-After).
export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders, errorHeaders }) => {
  const merged = new Headers();
  for (const source of [loaderHeaders, actionHeaders, errorHeaders]) {
    source?.forEach((value, name) => {
      if (name !== "set-cookie") merged.set(name, value);
    });
  }
  return merged;
};

/** Where the "sent" confirmation lives: the same address whatever was typed (R10). */
const LINK_SENT_LOCATION = "/login?sent=1";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return json({
    next: safeRedirectPath(url.searchParams.get("next"), ""),
    sent: url.searchParams.get("sent") === "1",
    signedOutEverywhere: url.searchParams.get("signed-out") === "everywhere",
    signedInAs: (await context.viewer.user())?.displayName ?? null,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readConformForm(request);
  const submission = parseWithZod(formData, { schema: SignInRequestFormSchema });
  if (submission.status !== "success") {
    return json({ kind: "invalid" as const, result: submission.reply() }, { status: 400 });
  }
  const result = await requestSignInLink(context.db, {
    email: submission.value.email,
    next: submission.value.next,
    clientAddress: context.clientIp,
    config: context.config,
    now: new Date(),
  });
  if (!result.ok) {
    context.log.warn({ retryAfterSeconds: result.retryAfterSeconds }, "sign-in link request refused: rate limit");
    return json(
      { kind: "rate-limited" as const, retryAfterSeconds: result.retryAfterSeconds },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  // The same redirect for every address, known or not: nothing here tells them apart.
  return redirect(LINK_SENT_LOCATION);
}

function waitText(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "a minute" : `${minutes} minutes`;
}

export default function Login() {
  const { next, sent, signedOutEverywhere, signedInAs } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "sign-in",
    lastResult: actionData?.kind === "invalid" ? actionData.result : undefined,
    defaultValue: { email: "", next },
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: SignInRequestFormSchema });
    },
  });
  const emailError = fields.email.errors?.[0];
  const formError = form.errors?.[0] ?? fields.next.errors?.[0];
  const busy = navigation.state === "submitting" && navigation.formAction?.startsWith("/login");

  return (
    <>
      <h1>Sign in</h1>
      <p className="lead">
        Summit signs you in with a link sent to your email address: there is no password to remember.
      </p>

      {signedOutEverywhere ? <Notice tone="success">You have been signed out on every device.</Notice> : null}
      {sent ? (
        <Notice tone="success">
          <strong>Check your email.</strong> If the address can receive mail, a sign-in link is on its way. Open it
          within 10 minutes and press “Sign in”. Each link works once; asking again replaces the previous one.
        </Notice>
      ) : null}
      {actionData?.kind === "rate-limited" ? (
        <Notice tone="error">
          Too many sign-in links have been asked for. Please wait {waitText(actionData.retryAfterSeconds)} and try
          again; a link you already received keeps working until it expires.
        </Notice>
      ) : null}
      {signedInAs ? (
        <p className="muted">
          You are signed in as {signedInAs}. Signing in with another address replaces that session.
        </p>
      ) : null}

      <Form method="post" id={form.id} onSubmit={form.onSubmit} noValidate className="form" aria-label="Sign in">
        {formError ? (
          <Notice tone="error" id={form.errorId}>
            {formError}
          </Notice>
        ) : null}
        {next ? <input type="hidden" name={fields.next.name} value={next} /> : null}
        <FormField
          key={fields.email.key}
          id={fields.email.id}
          label="Email address"
          hint="The sign-in link is sent to this address. Organizers invite people by address, so use the one they know."
          error={emailError}
          errorId={fields.email.errorId}
          name={fields.email.name}
          type="email"
          autoComplete="email"
          autoCapitalize="none"
          spellCheck={false}
          required
          defaultValue={fields.email.initialValue ?? ""}
        />
        <FormActions>
          <SubmitButton disabled={busy}>{busy ? "Sending…" : "Email me a sign-in link"}</SubmitButton>
        </FormActions>
      </Form>
    </>
  );
}
