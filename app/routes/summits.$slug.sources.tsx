import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireOrganizerOfSummit } from "~/auth/guards.server";
import { ContributorSources } from "~/components/eligibility/contributor-sources";
import { Maintainers, NamedRoles } from "~/components/eligibility/responsibilities";
import { TextImport } from "~/components/eligibility/text-import";
import { Notice } from "~/components/notice";
import { parseWithZod } from "~/forms/conform";
import { ResponsibilityFormSchema, TEXT_IMPORT_MAX_BYTES, TextImportFormSchema } from "~/forms/contributor-import";
import { formDataOf } from "~/forms/eligibility";
import { readFormBody } from "~/forms/posted-form";
import { refusalReply } from "~/forms/reply";
import { badRequest, noticeFrom } from "~/lib/http";
import { applyTextImport, removeContributorSource } from "~/services/eligibility/commands/imports.server";
import { addResponsibility, removeResponsibility } from "~/services/eligibility/commands/responsibilities.server";
import { getImportPreview, getSourcesPage } from "~/services/eligibility/pages.server";
import type { Refusal } from "~/services/kernel/result.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Contributors and responsibilities · ${data.summit.title} · Summit` : "Sources · Summit" },
];

const NOTICES = {
  "contributors-imported": "The contributors have been imported as a new source.",
  "maintainers-imported": "The MAINTAINERS file has been imported; it replaces the previous one.",
  "source-removed": "The contributor source has been removed.",
  "responsibility-added": "The role holder has been added.",
  "responsibility-removed": "The role holder has been removed.",
} as const;

/** The intents the action takes; each form of the page carries its own as a hidden field. */
const INTENT_FIELDS = {
  previewImport: <input type="hidden" name="intent" value="preview-import" />,
  applyImport: <input type="hidden" name="intent" value="apply-import" />,
  addResponsibility: <input type="hidden" name="intent" value="add-responsibility" />,
  removeResponsibility: <input type="hidden" name="intent" value="remove-responsibility" />,
  removeSource: <input type="hidden" name="intent" value="remove-source" />,
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requireOrganizerOfSummit(context, request, params.slug);
  const page = await getSourcesPage(context.db, access);
  return json({ ...page, notice: noticeFrom(new URL(request.url), NOTICES)?.text ?? null });
}

type Fields = Record<string, string>;
type ReadForm = { ok: true; fields: Fields; file: File | null } | { ok: false; status: 400 | 413; message: string };

/**
 * The posted fields: text, and at most one file in the "file" field. A field
 * sent twice is refused rather than resolved one way or the other. The whole
 * body is bounded before it is read (6 MB on this page), a file here.
 */
async function readForm(request: Request): Promise<ReadForm> {
  // Text that is not UTF-8, or a body that is not a form, is refused there (400).
  const formData = await readFormBody(request);
  const fields: Fields = {};
  let file: File | null = null;
  for (const [key, value] of formData.entries()) {
    if (Object.prototype.hasOwnProperty.call(fields, key) || (key === "file" && file)) {
      return { ok: false, status: 400, message: `The field “${key}” was sent more than once.` };
    }
    if (typeof value === "string") fields[key] = value;
    else if (key === "file") file = value;
    else return { ok: false, status: 400, message: `The field “${key}” must be text.` };
  }
  if (file && file.size > TEXT_IMPORT_MAX_BYTES) {
    return {
      ok: false,
      status: 413,
      message: `That is more than ${TEXT_IMPORT_MAX_BYTES / 1024 / 1024} MB; import a smaller file.`,
    };
  }
  return { ok: true, fields, file };
}

/** The import form after a preview: shown again as read, except the text, which the confirmation carries. */
function previewedReply(values: Record<string, string>) {
  return parseWithZod(formDataOf(values), { schema: TextImportFormSchema }).reply({ hideFields: ["text"] });
}

/** A refusal of a form with only hidden fields: its message, over the part of the page it concerns. */
function refusedMessage<I extends string>(intent: I, refusal: Refusal) {
  return json(
    { intent, message: refusal.message, result: null, preview: null, values: null },
    { status: refusal.status },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  // The guard comes before the body: megabytes of upload are read only for an organizer.
  const access = await requireOrganizerOfSummit(context, request, params.slug);
  const form = await readForm(request);
  if (!form.ok) throw new Response(form.message, { status: form.status });
  const { intent, ...values } = form.fields;
  const back = (notice: keyof typeof NOTICES) => redirect(`/summits/${access.summit.slug}/sources?notice=${notice}`);
  const now = new Date();
  const actor = { summitId: access.summit.id, actorId: access.user.id };
  if (intent !== "preview-import" && form.file && form.file.size > 0) {
    throw badRequest("Only the import form takes a file.");
  }
  switch (intent) {
    case "preview-import": {
      const file = form.file && (form.file.size > 0 || form.file.name !== "") ? form.file : null;
      const upload = file ? { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) } : null;
      const { input, result } = await getImportPreview(context.db, access, { fields: values, upload });
      if (!result.ok) {
        const reply = refusalReply(formDataOf(input), TextImportFormSchema, result);
        return json(
          { intent, message: result.message, result: reply, preview: null, values: null },
          { status: result.status },
        );
      }
      const { values: read, preview } = result.value;
      // What the confirmation posts back: the text and its fields as the preview read them.
      const confirmed = {
        kind: read.kind,
        label: read.label ?? "",
        since: read.since ?? "",
        until: read.until ?? "",
        text: read.text,
      };
      return json({ intent, message: null, result: previewedReply(confirmed), preview, values: confirmed });
    }
    case "apply-import": {
      const result = await applyTextImport(context.db, { ...actor, now, input: values });
      if (!result.ok) return refusedMessage(intent, result);
      return back(result.value.kind === "maintainers" ? "maintainers-imported" : "contributors-imported");
    }
    case "add-responsibility": {
      const result = await addResponsibility(context.db, { ...actor, now, input: values });
      if (result.ok) return back("responsibility-added");
      const reply = refusalReply(formDataOf(values), ResponsibilityFormSchema, result);
      return json(
        { intent, message: result.message, result: reply, preview: null, values: null },
        { status: result.status },
      );
    }
    case "remove-responsibility": {
      const result = await removeResponsibility(context.db, { ...actor, input: values });
      return result.ok ? back("responsibility-removed") : refusedMessage(intent, result);
    }
    case "remove-source": {
      const result = await removeContributorSource(context.db, { ...actor, input: values });
      return result.ok ? back("source-removed") : refusedMessage(intent, result);
    }
    default:
      throw badRequest("This form does not say what it is for; reload the page and try again.");
  }
}

export default function SummitSources() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const url = `/summits/${data.summit.slug}/sources`;
  const refusedRemoval =
    answer?.intent === "remove-responsibility" || answer?.intent === "remove-source" ? answer.message : null;

  return (
    <>
      <h2>Contributors and responsibilities</h2>
      <p className="lead">
        Where the eligibility rules find people: commit counts from a git history, shortlog output or a CSV, and the
        holders of responsibilities. Only organizers see this page.
      </p>
      <p>
        <Link to={`/summits/${data.summit.slug}/manage`}>Back to managing the summit</Link>
      </p>
      {data.notice ? <Notice tone="success">{data.notice}</Notice> : null}
      {data.closed ? <Notice>{data.closed}</Notice> : null}
      {refusedRemoval ? <Notice tone="error">{refusedRemoval}</Notice> : null}
      <ContributorSources
        sources={data.sources}
        gitCommand={data.gitCommand}
        aliases={data.aliases}
        editable={data.editable}
        action={url}
        removeIntent={INTENT_FIELDS.removeSource}
        busy={busy}
      />
      {data.editable ? (
        <TextImport
          action={url}
          previewIntent={INTENT_FIELDS.previewImport}
          applyIntent={INTENT_FIELDS.applyImport}
          previewed={answer?.preview && answer.values ? { preview: answer.preview, values: answer.values } : null}
          lastResult={answer?.intent === "preview-import" ? answer.result : undefined}
          applyRefusal={answer?.intent === "apply-import" ? answer.message : null}
          revision={data.revision}
          busy={busy}
        />
      ) : null}
      <NamedRoles
        holders={data.manual}
        editable={data.editable}
        action={url}
        addIntent={INTENT_FIELDS.addResponsibility}
        removeIntent={INTENT_FIELDS.removeResponsibility}
        lastResult={answer?.intent === "add-responsibility" ? answer.result : undefined}
        revision={data.revision}
        busy={busy}
      />
      <Maintainers
        maintainers={data.maintainers}
        editable={data.editable}
        action={url}
        removeIntent={INTENT_FIELDS.removeResponsibility}
        busy={busy}
      />
    </>
  );
}
