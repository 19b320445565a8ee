import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireAdmin, requireSummit } from "~/auth/guards.server";
import { Notice } from "~/components/notice";
import { PeopleCard } from "~/components/summits/people-card";
import { PersonFormSchema, refusedForm } from "~/forms/summit";
import { readConformForm, readFormFields } from "~/forms/posted-form";
import { badRequest, noticeFrom, notFound } from "~/lib/http";
import { nameOrganizer, removeOrganizer } from "~/services/summits/commands.server";
import { getAdminSummitPage } from "~/services/summits/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Organizers of ${data.summit.title} · Summit` : "Organizers · Summit" },
];

const NOTICES = {
  created: "The summit has been created. Name its organizers: they run it from here on.",
  named: "The organizer has been named.",
  removed: "The organizer has been removed.",
} as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireAdmin(context, request);
  const { summit } = await requireSummit(context, params.slug);
  const page = await getAdminSummitPage(context.db, { summit });
  return json({ ...page, notice: noticeFrom(new URL(request.url), NOTICES)?.text ?? null });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const formData = await readConformForm(request);
  const form = readFormFields(formData);
  if (!form.ok) throw badRequest(form.message);
  const { intent, ...input } = form.fields;
  if (intent !== "name-organizer" && intent !== "remove-organizer") {
    throw badRequest("This form does not say what it is for; reload the page and try again.");
  }
  const user = await requireAdmin(context, request);
  const command = intent === "name-organizer" ? nameOrganizer : removeOrganizer;
  const result = await command(context.db, { actor: user, slug, input });
  if (!result.ok) {
    if (result.status === 404) throw notFound(result.message);
    return json(refusedForm(intent, formData, PersonFormSchema, result, input), { status: result.status });
  }
  return redirect(`/admin/summits/${slug}?notice=${intent === "name-organizer" ? "named" : "removed"}`);
}

export default function SummitOrganizers() {
  const { summit, organizers, revision, notice } = useLoaderData<typeof loader>();
  const refusal = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const form = (intent: "name-organizer" | "remove-organizer") => ({
    action: `/admin/summits/${summit.slug}`,
    lastResult: refusal?.intent === intent ? refusal.result : undefined,
    busy,
  });
  return (
    <>
      <p className="eyebrow">
        <Link to="/admin">Administration</Link>
      </p>
      <h1>Organizers of {summit.title}</h1>
      <p className="muted">
        <Link to={`/summits/${summit.slug}`}>The summit&apos;s page</Link> · phase: {summit.phaseLabel}
      </p>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      <PeopleCard
        id="organizers"
        heading="Organizers"
        people={organizers}
        empty="No organizers yet. Until one is named, nobody can move this summit's phase."
        role="organizer"
        revision={revision}
        name={{
          ...form("name-organizer"),
          intent: <input type="hidden" name="intent" value="name-organizer" />,
          button: "Name organizer",
          variant: "primary",
        }}
        remove={{
          ...form("remove-organizer"),
          intent: <input type="hidden" name="intent" value="remove-organizer" />,
          email: refusal?.intent === "remove-organizer" ? (refusal.values.email ?? null) : null,
        }}
      />
    </>
  );
}
