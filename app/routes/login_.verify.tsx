import { useForm } from "@conform-to/react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { FormActions, SubmitButton } from "~/components/form-field";
import { Notice } from "~/components/notice";
import { parseWithZod } from "~/forms/conform";
import { SignInVerifyFormSchema } from "~/forms/sign-in";
import { readConformForm } from "~/forms/posted-form";
import { safeRedirectPath } from "~/lib/http";
import { signInWithToken } from "~/services/account/commands.server";
import { previewSignInToken } from "~/services/account/pages.server";
import type { TokenRefusal } from "~/services/account/sign-in.server";

/**
 * The page a sign-in link opens. GET (and HEAD) only show a button; the POST
 * of that button uses the token, so mail scanners that follow links cannot
 * burn it (R9). The token is in this page's URL and form: it must not leak
 * through the Referer header or a cache.
 */
const TOKEN_PAGE_HEADERS = {
  "Referrer-Policy": "no-referrer",
  "Cache-Control": "no-store",
} as const;

export const meta: MetaFunction = () => [{ title: "Sign in · Summit" }, { name: "referrer", content: "no-referrer" }];

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders, errorHeaders }) => {
  const merged = new Headers(TOKEN_PAGE_HEADERS);
  for (const source of [loaderHeaders, actionHeaders, errorHeaders]) {
    source?.forEach((value, name) => {
      if (name !== "set-cookie") merged.set(name, value);
    });
  }
  return merged;
};

type Refusal = TokenRefusal | "rate-limited";

const REFUSAL_STATUS: Record<Refusal, number> = {
  invalid: 400,
  expired: 410,
  used: 410,
  deactivated: 403,
  "rate-limited": 429,
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const token = url.searchParams.get("token") ?? "";
  const next = safeRedirectPath(url.searchParams.get("next"), "");
  // Read-only: says whether the link can still work, so a dead link does not offer a useless button.
  const preview = await previewSignInToken(context.db, { token, now: new Date() });
  if (!preview.ok) {
    return json(
      { state: "refused" as const, reason: preview.reason as Refusal, retryAfterSeconds: null, token: "", next },
      { status: REFUSAL_STATUS[preview.reason], headers: TOKEN_PAGE_HEADERS },
    );
  }
  return json(
    {
      state: "ready" as const,
      reason: null,
      retryAfterSeconds: null,
      token,
      next,
      signedInAs: (await context.viewer.user())?.displayName ?? null,
    },
    { headers: TOKEN_PAGE_HEADERS },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await readConformForm(request);
  const submission = parseWithZod(formData, { schema: SignInVerifyFormSchema });
  const form = submission.status === "success" ? submission.value : null;
  const result = await signInWithToken(context.db, {
    token: form?.token ?? null,
    clientAddress: context.clientIp,
    cookieHeader: request.headers.get("Cookie"),
    sessionSettings: context.sessionSettings,
    now: new Date(),
  });
  if (result.ok) {
    context.log.info({ userId: result.userId, createdUser: result.createdUser }, "signed in");
    return redirect(safeRedirectPath(form?.next, "/"), {
      headers: { ...TOKEN_PAGE_HEADERS, "Set-Cookie": result.setCookie },
    });
  }
  context.log.warn({ reason: result.reason }, "sign-in token refused");
  const retryAfterSeconds = result.reason === "rate-limited" ? result.retryAfterSeconds : null;
  return json(
    { state: "refused" as const, reason: result.reason as Refusal, retryAfterSeconds },
    {
      status: REFUSAL_STATUS[result.reason],
      headers:
        retryAfterSeconds === null
          ? TOKEN_PAGE_HEADERS
          : { ...TOKEN_PAGE_HEADERS, "Retry-After": String(retryAfterSeconds) },
    },
  );
}

function refusalMessage(reason: Refusal, retryAfterSeconds: number | null): string {
  switch (reason) {
    case "invalid":
      return "This sign-in link is not valid. It may be incomplete (copy the whole link from the email), or a newer link has replaced it.";
    case "expired":
      return "This sign-in link has expired. Links work for 10 minutes after they are sent.";
    case "used":
      return "This sign-in link has already been used. Each link works once.";
    case "deactivated":
      return "This account has been deactivated, so it cannot sign in. If you think this is a mistake, ask the administrators of this Summit.";
    case "rate-limited": {
      const minutes = Math.max(1, Math.ceil((retryAfterSeconds ?? 60) / 60));
      return `Too many sign-in attempts have failed from your network. Please try again in ${minutes === 1 ? "a minute" : `${minutes} minutes`}.`;
    }
  }
}

export default function VerifySignIn() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const refusal = actionData ?? (data.state === "refused" ? data : null);
  const [form, fields] = useForm({
    id: "confirm-sign-in",
    defaultValue: { token: data.token, next: data.next },
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: SignInVerifyFormSchema });
    },
  });

  if (refusal) {
    return (
      <>
        <h1>This link cannot sign you in</h1>
        <Notice tone="error">{refusalMessage(refusal.reason, refusal.retryAfterSeconds)}</Notice>
        {refusal.reason !== "deactivated" ? (
          <p>
            <Link to={data.next ? `/login?next=${encodeURIComponent(data.next)}` : "/login"} className="button">
              Get a new sign-in link
            </Link>
          </p>
        ) : null}
      </>
    );
  }

  const busy = navigation.state === "submitting";
  return (
    <>
      <h1>Sign in to Summit</h1>
      <p className="lead">Press the button to finish signing in.</p>
      <p className="muted">
        This extra step is there because some mail programs open links by themselves to check them; only you pressing
        the button signs you in.
      </p>
      {data.state === "ready" && data.signedInAs ? (
        <Notice>
          You are signed in as {data.signedInAs}. Continuing ends that session and signs you in with the address this
          link was sent to.
        </Notice>
      ) : null}
      {/* Posting to the bare path keeps the token out of the request line (and so out of proxy logs). */}
      <Form
        method="post"
        action="/login/verify"
        id={form.id}
        onSubmit={form.onSubmit}
        noValidate
        className="form"
        aria-label="Confirm sign-in"
      >
        {/* A link whose token is not well-formed never reaches this form: the page refuses it first. */}
        <input type="hidden" name={fields.token.name} value={data.token} />
        {data.next ? <input type="hidden" name={fields.next.name} value={data.next} /> : null}
        <FormActions>
          <SubmitButton disabled={busy}>{busy ? "Signing in…" : "Sign in"}</SubmitButton>
        </FormActions>
      </Form>
    </>
  );
}
