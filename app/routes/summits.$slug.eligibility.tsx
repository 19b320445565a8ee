import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { $ZodType } from "zod/v4/core";
import { requireOrganizerOfSummit } from "~/auth/guards.server";
import { EligiblePreview, ExcludedPeople } from "~/components/eligibility/eligible-preview";
import { OpenSummit } from "~/components/eligibility/open-settings-form";
import { AddRuleForms } from "~/components/eligibility/rule-forms";
import { ChangedSinceLastRuleChange, ChangeNotice, LastRuleChange } from "~/components/eligibility/rule-changes";
import { RuleList } from "~/components/eligibility/rule-list";
import { Notice } from "~/components/notice";
import {
  formDataOf,
  isRuleKind,
  OpenSettingsFormSchema,
  readEligibilityForm,
  RemoveRuleFormSchema,
  ruleFormSchemaOf,
  type EligibilityFormFields,
} from "~/forms/eligibility";
import { readFormBody } from "~/forms/posted-form";
import { refusalReply } from "~/forms/reply";
import { badRequest, noticeFrom } from "~/lib/http";
import { addRule, removeRule, updateOpenSettings } from "~/services/eligibility/commands/rules.server";
import { getEligibilityPage } from "~/services/eligibility/pages.server";
import type { Refusal } from "~/services/kernel/result.server";

export const meta: MetaFunction = () => [{ title: "Eligibility · Summit" }];

const NOTICES = {
  "rule-added": "The rule has been added.",
  "rule-removed": "The rule has been removed.",
  "settings-saved": "The open-summit settings have been saved.",
  "settings-unchanged": "Nothing needed saving: the open-summit settings were already as entered.",
} as const;

/** The intents the action takes; each form of the page carries its own as a hidden field. */
const INTENT_FIELDS = {
  addRule: <input type="hidden" name="intent" value="add-rule" />,
  removeRule: <input type="hidden" name="intent" value="remove-rule" />,
  openSettings: <input type="hidden" name="intent" value="open-settings" />,
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  // Anything but a page number shows the first page.
  const pageParam = url.searchParams.get("page") ?? "";
  const access = await requireOrganizerOfSummit(context, request, params.slug);
  const page = await getEligibilityPage(context.db, access, {
    page: /^\d{1,6}$/.test(pageParam) ? Number(pageParam) : 1,
  });
  return json({ ...page, notice: noticeFrom(url, NOTICES) });
}

type Intent = "add-rule" | "remove-rule" | "open-settings";

/** A refused form: Conform's reply for the page, and the refusal in plain words for any other client. */
function refused(intent: Intent, values: EligibilityFormFields, schema: $ZodType, refusal: Refusal) {
  return json(
    {
      intent,
      kind: typeof values.kind === "string" ? values.kind : null,
      result: refusalReply(formDataOf(values), schema, refusal),
      message: refusal.message,
      fieldErrors: refusal.fieldErrors ?? {},
      values,
    },
    { status: refusal.status },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, summit } = await requireOrganizerOfSummit(context, request, params.slug);
  const form = readEligibilityForm(await readFormBody(request));
  if (!form.ok) throw badRequest(form.message);
  const { intent, ...values } = form.fields;
  const args = { actor: user, slug: summit.slug, input: values };
  const back = (notice: keyof typeof NOTICES) => redirect(`/summits/${summit.slug}/eligibility?notice=${notice}`);
  switch (intent) {
    case "add-rule": {
      const result = await addRule(context.db, args);
      return result.ok ? back("rule-added") : refused(intent, values, ruleFormSchemaOf(values.kind), result);
    }
    case "remove-rule": {
      const result = await removeRule(context.db, args);
      return result.ok ? back("rule-removed") : refused(intent, values, RemoveRuleFormSchema, result);
    }
    case "open-settings": {
      const result = await updateOpenSettings(context.db, args);
      if (!result.ok) return refused(intent, values, OpenSettingsFormSchema, result);
      return back(result.value.changed ? "settings-saved" : "settings-unchanged");
    }
    default:
      throw badRequest("This form does not say what it is for; reload the page and try again.");
  }
}

export default function EligibilityPage() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const url = `/summits/${data.summit.slug}/eligibility`;
  const sourcesUrl = `/summits/${data.summit.slug}/sources`;
  const refusedKind = answer?.intent === "add-rule" && isRuleKind(answer.kind) ? answer.kind : null;
  // A refused removal, or a rule of no kind the page has, is told over the rules.
  const rulesRefusal =
    answer?.intent === "remove-rule" || (answer?.intent === "add-rule" && refusedKind === null) ? answer.message : null;
  const settingsResult = answer?.intent === "open-settings" ? answer.result : undefined;

  return (
    <>
      <p className="lead">
        Who may attend, and why. Only the organizers see this page; nothing is sent from here. Contributor counts and
        responsibilities come from the <Link to={sourcesUrl}>sources page</Link>.
      </p>
      {data.notice ? (
        <ChangeNotice text={data.notice.text} diff={data.notice.key.startsWith("rule-") ? data.lastChange : null} />
      ) : null}
      {data.closed ? <Notice>{data.closed}</Notice> : null}
      <RuleList
        rules={data.rules}
        tieRule={data.tieRule}
        editable={data.editable}
        action={url}
        removeIntent={INTENT_FIELDS.removeRule}
        refusal={rulesRefusal}
        busy={busy}
      />
      {data.editable ? (
        <AddRuleForms
          action={url}
          sourcesUrl={sourcesUrl}
          intent={INTENT_FIELDS.addRule}
          refusedKind={refusedKind}
          lastResult={refusedKind ? answer?.result : undefined}
          sources={data.sources}
          roles={data.roles}
          revision={data.revision}
          busy={busy}
        />
      ) : null}
      {data.lastChange ? <LastRuleChange last={data.lastChange} /> : null}
      {data.changedSinceSnapshot ? <ChangedSinceLastRuleChange diff={data.changedSinceSnapshot} /> : null}
      <EligiblePreview url={url} eligible={data.eligible} total={data.counts.eligible} preview={data.preview} />
      <ExcludedPeople excluded={data.excluded} />
      <OpenSummit
        editable={data.editable}
        action={url}
        intent={INTENT_FIELDS.openSettings}
        settings={data.summit}
        lastResult={settingsResult}
        revision={data.revision}
        busy={busy}
      />
    </>
  );
}
