import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireOrganizerOfSummit } from "~/auth/guards.server";
import { Notice } from "~/components/notice";
import { DaysCard } from "~/components/summits/days-card";
import { DetailsCard } from "~/components/summits/details-card";
import { OrganizersNote, PeopleCard } from "~/components/summits/people-card";
import { PhaseCard } from "~/components/summits/phase-card";
import { RecentChanges } from "~/components/summits/recent-changes";
import { VisibilityCard } from "~/components/summits/visibility-card";
import {
  DaysFormSchema,
  EditSummitFormSchema,
  MovePhaseFormSchema,
  PersonFormSchema,
  refusedForm,
  VisibilityFormSchema,
} from "~/forms/summit";
import { readConformForm, readFormFields } from "~/forms/posted-form";
import { badRequest, noticeFrom } from "~/lib/http";
import type { Refusal } from "~/services/kernel/result.server";
import {
  movePhase,
  nameMinuteTaker,
  removeMinuteTaker,
  setSummitDays,
  setSummitVisibility,
  updateSummit,
} from "~/services/summits/commands.server";
import { getManagePage } from "~/services/summits/pages.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Manage ${data.summit.title} · Summit` : "Manage · Summit" },
];

const NOTICES = {
  "phase-moved": "The phase has been moved.",
  "details-saved": "The details have been saved.",
  "details-unchanged": "Nothing needed saving: the details were already as entered.",
  "minute-taker-named": "The minute-taker has been named.",
  "minute-taker-removed": "The minute-taker has been removed.",
  "visibility-saved": "The summit's visibility has been saved.",
  "days-saved": "The summit's days have been saved.",
} as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { summit } = await requireOrganizerOfSummit(context, request, params.slug);
  const page = await getManagePage(context.db, { summit, confirm: url.searchParams.get("confirm") });
  return json({ ...page, notice: noticeFrom(url, NOTICES)?.text ?? null });
}

/** Each form of the page: the schema its fields follow, for the reply to a refusal. */
const FORMS = {
  "move-phase": MovePhaseFormSchema,
  "edit-details": EditSummitFormSchema,
  "set-visibility": VisibilityFormSchema,
  "set-days": DaysFormSchema,
  "name-minute-taker": PersonFormSchema,
  "remove-minute-taker": PersonFormSchema,
} as const;

type Intent = keyof typeof FORMS;

function isIntent(value: string | undefined): value is Intent {
  return value !== undefined && Object.hasOwn(FORMS, value);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const formData = await readConformForm(request);
  const form = readFormFields(formData);
  if (!form.ok) throw badRequest(form.message);
  const { intent, ...input } = form.fields;
  if (!isIntent(intent)) throw badRequest("This form does not say what it is for; reload the page and try again.");
  const { user } = await requireOrganizerOfSummit(context, request, slug);
  const args = { actor: user, slug, input };
  const refused = (refusal: Refusal) =>
    json(refusedForm(intent, formData, FORMS[intent], refusal, input), { status: refusal.status });
  const done = (notice: keyof typeof NOTICES) => redirect(`/summits/${slug}/manage?notice=${notice}`);
  switch (intent) {
    case "move-phase": {
      const result = await movePhase(context.db, { ...args, config: context.config });
      return result.ok ? done("phase-moved") : refused(result);
    }
    case "edit-details": {
      const result = await updateSummit(context.db, args);
      if (!result.ok) return refused(result);
      return done(result.value.changed.length > 0 ? "details-saved" : "details-unchanged");
    }
    case "set-visibility": {
      const result = await setSummitVisibility(context.db, args);
      return result.ok ? done("visibility-saved") : refused(result);
    }
    case "set-days": {
      const result = await setSummitDays(context.db, args);
      return result.ok ? done("days-saved") : refused(result);
    }
    case "name-minute-taker": {
      const result = await nameMinuteTaker(context.db, args);
      return result.ok ? done("minute-taker-named") : refused(result);
    }
    case "remove-minute-taker": {
      const result = await removeMinuteTaker(context.db, args);
      return result.ok ? done("minute-taker-removed") : refused(result);
    }
  }
}

/** The hidden field naming each form, written here beside the action that reads it. */
const INTENT_FIELDS = {
  movePhase: <input type="hidden" name="intent" value="move-phase" />,
  editDetails: <input type="hidden" name="intent" value="edit-details" />,
  setVisibility: <input type="hidden" name="intent" value="set-visibility" />,
  setDays: <input type="hidden" name="intent" value="set-days" />,
  nameMinuteTaker: <input type="hidden" name="intent" value="name-minute-taker" />,
  removeMinuteTaker: <input type="hidden" name="intent" value="remove-minute-taker" />,
};

export default function ManageSummit() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const manageUrl = `/summits/${data.summit.slug}/manage`;
  const form = (intent: Intent, field: JSX.Element) => ({
    action: manageUrl,
    intent: field,
    lastResult: actionData?.intent === intent ? actionData.result : undefined,
    busy,
  });

  return (
    <>
      <p className="lead">Manage the summit: only its organizers see this page.</p>
      {data.notice ? <Notice tone="success">{data.notice}</Notice> : null}
      <PhaseCard
        summit={data.summit}
        forward={data.forward}
        back={data.back}
        confirm={data.confirm}
        form={form("move-phase", INTENT_FIELDS.movePhase)}
      />
      <DetailsCard
        details={data.summit.details}
        final={data.summit.detailsFinal}
        revision={data.revision}
        form={form("edit-details", INTENT_FIELDS.editDetails)}
      />
      <VisibilityCard
        isPublic={data.summit.isPublic}
        revision={data.revision}
        form={form("set-visibility", INTENT_FIELDS.setVisibility)}
      />
      <DaysCard
        daysText={data.daysText}
        timezone={data.summit.details.timezone}
        slug={data.summit.slug}
        revision={data.revision}
        form={form("set-days", INTENT_FIELDS.setDays)}
      />
      <PeopleCard
        id="minute-takers"
        heading="Minute-takers"
        people={data.minuteTakers}
        empty="No minute-takers named yet."
        role="minute-taker"
        revision={data.revision}
        name={{
          ...form("name-minute-taker", INTENT_FIELDS.nameMinuteTaker),
          button: "Name minute-taker",
          variant: "secondary",
        }}
        remove={{
          ...form("remove-minute-taker", INTENT_FIELDS.removeMinuteTaker),
          email: actionData?.intent === "remove-minute-taker" ? (actionData.values.email ?? null) : null,
        }}
      >
        <p>Minute-takers record the notes, decisions and actions while the summit is in session.</p>
      </PeopleCard>
      <OrganizersNote organizers={data.organizers} />
      <RecentChanges audit={data.audit} />
    </>
  );
}
