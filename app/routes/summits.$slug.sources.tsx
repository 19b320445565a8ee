import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  json,
  MaxPartSizeExceededError,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireOrganizerOfSummit } from "~/auth/guards.server";
import { FormActions, FormField, SubmitButton } from "~/components/form-field";
import { Notice } from "~/components/notice";
import { TableRegion } from "~/components/table-region";
import { TEXT_IMPORT_KIND_LABELS, TEXT_IMPORT_KINDS, TEXT_IMPORT_MAX_BYTES } from "~/forms/contributor-import";
import { badRequest, noticeFrom } from "~/lib/http";
import {
  addResponsibility,
  applyTextImport,
  checkImportAllowed,
  getSourcesPage,
  previewTextImport,
  removeContributorSource,
  removeResponsibility,
  type ImportRefusal,
  type TextImportPreview,
} from "~/services/eligibility/contributor-import.server";

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

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { summit } = await requireOrganizerOfSummit(context, request, params.slug ?? "");
  const page = await getSourcesPage(context.db, summit.id);
  return json({
    summit: { slug: summit.slug, title: summit.title, published: summit.phase === "published" },
    notice: noticeFrom(new URL(request.url), NOTICES)?.text ?? null,
    gitCommand: `npm run summit -- contributors import --summit ${summit.slug} --repo PATH --since YYYY-MM-DD --until YYYY-MM-DD`,
    // Forms are keyed by it, so a successful change clears what was typed.
    revision: `${page.sources.length}-${page.manual.length}-${page.maintainers.total}`,
    ...page,
  });
}

type Intent = "preview-import" | "apply-import" | "add-responsibility" | "remove-responsibility" | "remove-source";

type Fields = Record<string, string>;
type ReadForm = { ok: true; fields: Fields; file: File | null } | { ok: false; status: 400 | 413; message: string };

/**
 * The posted fields: text, and at most one file in the "file" field. A field
 * sent twice is refused rather than resolved one way or the other.
 */
async function readForm(request: Request): Promise<ReadForm> {
  let formData: FormData;
  try {
    formData = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")
      ? await unstable_parseMultipartFormData(
          request,
          unstable_createMemoryUploadHandler({ maxPartSize: TEXT_IMPORT_MAX_BYTES }),
        )
      : await request.formData();
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return {
        ok: false,
        status: 413,
        message: `That is more than ${TEXT_IMPORT_MAX_BYTES / 1024 / 1024} MB; import a smaller file.`,
      };
    }
    return { ok: false, status: 400, message: "The form could not be read; reload the page and try again." };
  }
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
  return { ok: true, fields, file };
}

function refused(intent: Intent, result: ImportRefusal, values: Fields) {
  // The pasted text can be large; it goes back only where the form shows it.
  const { text: _text, ...kept } = values;
  return json(
    {
      intent,
      message: result.message,
      fieldErrors: result.fieldErrors ?? {},
      values: intent === "preview-import" ? values : kept,
      preview: null,
    },
    { status: result.status },
  );
}

const SKIPPED_SHOWN = 500;
const ACCEPTED_SHOWN = 20;

function previewView(preview: TextImportPreview) {
  const { report } = preview;
  const sample =
    preview.kind === "maintainers"
      ? preview.report.accepted
          .slice(0, ACCEPTED_SHOWN)
          .map((e) => ({ first: e.section, second: e.status, name: e.name, email: e.email }))
      : preview.report.accepted
          .slice(0, ACCEPTED_SHOWN)
          .map((c) => ({ first: String(c.commits), second: "", name: c.name, email: c.email }));
  return {
    kind: preview.kind,
    kindLabel: TEXT_IMPORT_KIND_LABELS[preview.kind],
    accepted: report.accepted.length,
    duplicatesMerged: report.duplicatesMerged,
    skippedTotal: report.skipped.length,
    skipped: report.skipped.slice(0, SKIPPED_SHOWN),
    sample,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const { user, summit } = await requireOrganizerOfSummit(context, request, slug);
  const form = await readForm(request);
  if (!form.ok) throw new Response(form.message, { status: form.status });
  const { intent, ...values } = form.fields;
  const back = (notice: keyof typeof NOTICES) => redirect(`/summits/${slug}/sources?notice=${notice}`);
  const now = new Date();
  const actor = { summitId: summit.id, actorId: user.id };
  if (intent !== "preview-import" && form.file && form.file.size > 0) {
    throw badRequest("Only the import form takes a file.");
  }
  switch (intent) {
    case "preview-import": {
      const file = form.file && (form.file.size > 0 || form.file.name !== "") ? form.file : null;
      if (file && (values.text ?? "").trim() !== "") {
        const message = "Either paste the text or choose a file, not both.";
        return refused(intent, { ok: false, status: 400, message, fieldErrors: { text: message } }, values);
      }
      const input = { ...values };
      if (file) {
        input.text = await file.text();
        if ((input.label ?? "").trim() === "" && file.name) input.label = file.name;
      }
      const allowed = await checkImportAllowed(context.db, actor);
      if (!allowed.ok) return refused(intent, allowed, values);
      const result = previewTextImport(input);
      if (!result.ok) return refused(intent, result, input);
      const { kind, label, since, until, text } = result.value.values;
      return json({
        intent,
        message: null,
        fieldErrors: {} as Record<string, string>,
        values: { kind, label: label ?? "", since: since ?? "", until: until ?? "", text },
        preview: previewView(result.value),
      });
    }
    case "apply-import": {
      const result = await applyTextImport(context.db, { ...actor, now, input: values });
      if (!result.ok) return refused(intent, result, values);
      return back(result.value.kind === "maintainers" ? "maintainers-imported" : "contributors-imported");
    }
    case "add-responsibility": {
      const result = await addResponsibility(context.db, { ...actor, now, input: values });
      return result.ok ? back("responsibility-added") : refused(intent, result, values);
    }
    case "remove-responsibility": {
      const result = await removeResponsibility(context.db, { ...actor, input: values });
      return result.ok ? back("responsibility-removed") : refused(intent, result, values);
    }
    case "remove-source": {
      const result = await removeContributorSource(context.db, { ...actor, input: values });
      return result.ok ? back("source-removed") : refused(intent, result, values);
    }
    default:
      throw badRequest("This form does not say what it is for; reload the page and try again.");
  }
}

function when(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}

export default function SummitSources() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const url = `/summits/${data.summit.slug}/sources`;
  const failed = (intent: Intent) =>
    actionData && actionData.intent === intent && actionData.message ? actionData : null;
  const previewFailure = failed("preview-import");
  const applyFailure = failed("apply-import");
  const addFailure = failed("add-responsibility");
  const removeFailure = failed("remove-responsibility") ?? failed("remove-source");
  const preview = actionData?.intent === "preview-import" ? actionData.preview : null;
  const importValues = actionData?.intent === "preview-import" ? actionData.values : null;
  const editable = !data.summit.published;

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
      {!editable ? (
        <Notice>The minutes of this summit are published: who could attend is final, so nothing here changes.</Notice>
      ) : null}
      {removeFailure ? <Notice tone="error">{removeFailure.message}</Notice> : null}

      <section className="card" aria-labelledby="sources-heading">
        <h3 id="sources-heading">Contributor sources</h3>
        {data.sources.length === 0 ? (
          <p className="muted">No contributor counts imported yet.</p>
        ) : (
          <TableRegion labelledBy="sources-heading">
            <table>
              <caption className="visually-hidden">Contributor sources of this summit, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Source</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Period</th>
                  <th scope="col">Contributors</th>
                  <th scope="col">Commits</th>
                  <th scope="col">Skipped lines</th>
                  <th scope="col">Imported (UTC)</th>
                  {editable ? <th scope="col">Remove</th> : null}
                </tr>
              </thead>
              <tbody>
                {data.sources.map((s) => (
                  <tr key={s.id}>
                    <td>{s.label}</td>
                    <td>{s.kind}</td>
                    <td>{s.period}</td>
                    <td>{s.contributors}</td>
                    <td>{s.commits}</td>
                    <td>{s.skippedLines}</td>
                    <td>
                      <time dateTime={s.importedAt}>{when(s.importedAt)}</time> by {s.importedBy}
                    </td>
                    {editable ? (
                      <td>
                        <Form method="post" action={url}>
                          <input type="hidden" name="intent" value="remove-source" />
                          <input type="hidden" name="id" value={s.id} />
                          <SubmitButton variant="link" disabled={busy}>
                            Remove<span className="visually-hidden"> the source {s.label}</span>
                          </SubmitButton>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        )}
        <p>
          A git repository on the server is read from the command line (it reads the server&apos;s disk and honours the
          repository&apos;s <code>.mailmap</code>; dates are whole days in UTC):
        </p>
        <pre className="mail-text">
          <code>{data.gitCommand}</code>
        </pre>
        {data.aliases > 0 ? (
          <p className="muted">
            {data.aliases} mailmap {data.aliases === 1 ? "alias is" : "aliases are"} kept, so people are matched across
            sources by their old addresses too.
          </p>
        ) : null}
      </section>

      {editable ? (
        <section className="card" aria-labelledby="import-heading">
          <h3 id="import-heading">Import shortlog output, a CSV or a MAINTAINERS file</h3>
          <p>
            Paste the text or choose a file. You first see what would be imported, line by line; nothing changes until
            you confirm. Shortlog output and CSVs become a new contributor source; a MAINTAINERS file replaces the
            previous one (its people with status Maintained, Supported or Odd Fixes, each with the role “maintainer:
            section”).
          </p>

          {preview && importValues ? (
            <section className="notice" aria-labelledby="preview-heading">
              <h4 id="preview-heading">
                {preview.accepted} accepted; {preview.skippedTotal} skipped
              </h4>
              <p>
                Read as {preview.kindLabel}
                {importValues.label ? `, labelled “${importValues.label}”` : ""}.{" "}
                {preview.duplicatesMerged > 0
                  ? preview.duplicatesMerged === 1
                    ? "1 duplicate line was merged into the entry it repeats."
                    : `${preview.duplicatesMerged} duplicate lines were merged into the entries they repeat.`
                  : "No duplicates."}
              </p>
              {preview.skippedTotal > 0 ? (
                <TableRegion labelledBy="skipped-heading">
                  <table>
                    <caption id="skipped-heading">
                      Skipped lines
                      {preview.skippedTotal > preview.skipped.length ? ` (the first ${preview.skipped.length})` : ""}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Line</th>
                        <th scope="col">Text</th>
                        <th scope="col">Why it was skipped</th>
                      </tr>
                    </thead>
                    <tbody>
                      {preview.skipped.map((issue) => (
                        <tr key={`${issue.line}-${issue.reason}`}>
                          <td>{issue.line}</td>
                          <td>
                            <code>{issue.text}</code>
                          </td>
                          <td>{issue.reason}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableRegion>
              ) : null}
              {preview.sample.length > 0 ? (
                <TableRegion labelledBy="accepted-heading">
                  <table>
                    <caption id="accepted-heading">
                      Accepted{preview.accepted > preview.sample.length ? ` (the first ${preview.sample.length})` : ""}
                    </caption>
                    <thead>
                      <tr>
                        {preview.kind === "maintainers" ? (
                          <>
                            <th scope="col">Section</th>
                            <th scope="col">Status</th>
                          </>
                        ) : (
                          <th scope="col">Commits</th>
                        )}
                        <th scope="col">Name</th>
                        <th scope="col">Email</th>
                      </tr>
                    </thead>
                    <tbody>
                      {preview.sample.map((row, i) => (
                        <tr key={`${i}-${row.email}`}>
                          <td>{row.first}</td>
                          {preview.kind === "maintainers" ? <td>{row.second}</td> : null}
                          <td>{row.name}</td>
                          <td>{row.email}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableRegion>
              ) : null}
              {preview.accepted > 0 ? (
                <Form method="post" action={url} encType="multipart/form-data">
                  <input type="hidden" name="intent" value="apply-import" />
                  <input type="hidden" name="kind" value={importValues.kind} />
                  <input type="hidden" name="label" value={importValues.label} />
                  <input type="hidden" name="since" value={importValues.since} />
                  <input type="hidden" name="until" value={importValues.until} />
                  <input type="hidden" name="text" value={importValues.text} />
                  <FormActions>
                    <SubmitButton disabled={busy}>
                      {preview.kind === "maintainers"
                        ? `Confirm: replace the MAINTAINERS import with these ${preview.accepted} entries`
                        : `Confirm: import these ${preview.accepted} contributors`}
                    </SubmitButton>
                    <Link to={url}>Cancel</Link>
                  </FormActions>
                </Form>
              ) : (
                <p>Nothing can be imported from this text: no line was accepted.</p>
              )}
            </section>
          ) : null}

          {applyFailure ? <Notice tone="error">{applyFailure.message}</Notice> : null}
          <Form
            method="post"
            action={url}
            encType="multipart/form-data"
            className="form"
            noValidate
            key={`import-${data.revision}`}
          >
            {previewFailure ? <Notice tone="error">{previewFailure.message}</Notice> : null}
            <input type="hidden" name="intent" value="preview-import" />
            <FormField
              id="import-kind"
              name="kind"
              label="What it is"
              error={previewFailure?.fieldErrors.kind}
              control={(props) => (
                <select {...props} name="kind" defaultValue={importValues?.kind ?? "shortlog"}>
                  {TEXT_IMPORT_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {TEXT_IMPORT_KIND_LABELS[kind]}
                    </option>
                  ))}
                </select>
              )}
            />
            <FormField
              id="import-text"
              name="text"
              label="Paste the text"
              hint="Shortlog lines look like “   412  Peter Maydell <peter.maydell@linaro.org>”; a CSV has the columns name, email, commits."
              error={previewFailure?.fieldErrors.text}
              control={(props) => (
                <textarea
                  {...props}
                  name="text"
                  rows={8}
                  defaultValue={previewFailure ? (importValues?.text ?? "") : ""}
                />
              )}
            />
            <FormField
              id="import-file"
              name="file"
              type="file"
              label="…or choose a file"
              hint={`At most ${TEXT_IMPORT_MAX_BYTES / 1024 / 1024} MB, plain text in UTF-8.`}
              accept=".txt,.csv,text/plain,text/csv"
              error={previewFailure?.fieldErrors.file}
            />
            <FormField
              id="import-label"
              name="label"
              label="Label (optional)"
              hint="How rules and reasons name this source, such as “QEMU v2.10 shortlog”. A file's name by default."
              defaultValue={importValues?.label ?? ""}
              error={previewFailure?.fieldErrors.label}
              autoComplete="off"
            />
            <FormField
              id="import-since"
              name="since"
              label="First day counted (optional, shortlog and CSV)"
              hint="YYYY-MM-DD: the period the counts cover, shown in the reasons."
              defaultValue={importValues?.since ?? ""}
              error={previewFailure?.fieldErrors.since}
              autoComplete="off"
            />
            <FormField
              id="import-until"
              name="until"
              label="Last day counted (optional, shortlog and CSV)"
              hint="YYYY-MM-DD."
              defaultValue={importValues?.until ?? ""}
              error={previewFailure?.fieldErrors.until}
              autoComplete="off"
            />
            <FormActions>
              <SubmitButton variant="secondary" disabled={busy}>
                Show what would be imported
              </SubmitButton>
            </FormActions>
          </Form>
        </section>
      ) : null}

      <section className="card" aria-labelledby="roles-heading">
        <h3 id="roles-heading">Named roles</h3>
        <p>People holding a responsibility, such as “stable maintainer” or “qemu.org system administrator”.</p>
        {data.manual.length === 0 ? (
          <p className="muted">No role holders entered yet.</p>
        ) : (
          <ResponsibilityTable
            labelledBy="roles-heading"
            caption="Role holders entered by hand"
            rows={data.manual}
            editable={editable}
            busy={busy}
            action={url}
          />
        )}
        {editable ? (
          <Form method="post" action={url} className="form" noValidate key={`role-${data.revision}`}>
            <h4>Add a role holder</h4>
            {addFailure && !addFailure.fieldErrors.email && !addFailure.fieldErrors.role ? (
              <Notice tone="error">{addFailure.message}</Notice>
            ) : null}
            <input type="hidden" name="intent" value="add-responsibility" />
            <FormField
              id="role-role"
              name="role"
              label="Role"
              hint="Such as “stable maintainer”."
              defaultValue={addFailure?.values.role ?? ""}
              error={addFailure?.fieldErrors.role}
              required
              autoComplete="off"
            />
            <FormField
              id="role-name"
              name="name"
              label="Name (optional)"
              defaultValue={addFailure?.values.name ?? ""}
              error={addFailure?.fieldErrors.name}
              autoComplete="off"
            />
            <FormField
              id="role-email"
              name="email"
              type="email"
              label="Email address"
              defaultValue={addFailure?.values.email ?? ""}
              error={addFailure?.fieldErrors.email}
              required
              autoComplete="off"
            />
            <FormActions>
              <SubmitButton variant="secondary" disabled={busy}>
                Add role holder
              </SubmitButton>
            </FormActions>
          </Form>
        ) : null}
      </section>

      <section className="card" aria-labelledby="maintainers-heading">
        <h3 id="maintainers-heading">Subsystem maintainers from MAINTAINERS</h3>
        {data.maintainers.total === 0 ? (
          <p className="muted">No MAINTAINERS file imported yet.</p>
        ) : (
          <>
            <p>
              {data.maintainers.total} {data.maintainers.total === 1 ? "entry" : "entries"} in{" "}
              {data.maintainers.sections} {data.maintainers.sections === 1 ? "section" : "sections"}
              {data.maintainers.importedAt ? (
                <>
                  , imported <time dateTime={data.maintainers.importedAt}>{when(data.maintainers.importedAt)}</time> UTC
                </>
              ) : null}
              {data.maintainers.total > data.maintainers.shown.length
                ? `; the first ${data.maintainers.shown.length} are listed`
                : ""}
              .
            </p>
            <ResponsibilityTable
              labelledBy="maintainers-heading"
              caption="Maintainers imported from a MAINTAINERS file"
              rows={data.maintainers.shown}
              editable={editable}
              busy={busy}
              action={url}
            />
          </>
        )}
      </section>
    </>
  );
}

/** Holders of responsibilities, each with a Remove button while the summit can still change. */
function ResponsibilityTable(props: {
  labelledBy: string;
  caption: string;
  rows: ReadonlyArray<{ id: string; role: string; name: string; email: string }>;
  editable: boolean;
  busy: boolean;
  action: string;
}) {
  return (
    <TableRegion labelledBy={props.labelledBy}>
      <table>
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            {props.editable ? <th scope="col">Remove</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr key={r.id}>
              <td>{r.role}</td>
              <td>{r.name}</td>
              <td>{r.email}</td>
              {props.editable ? (
                <td>
                  <Form method="post" action={props.action}>
                    <input type="hidden" name="intent" value="remove-responsibility" />
                    <input type="hidden" name="id" value={r.id} />
                    <SubmitButton variant="link" disabled={props.busy}>
                      Remove
                      <span className="visually-hidden">
                        {" "}
                        {r.name} as {r.role}
                      </span>
                    </SubmitButton>
                  </Form>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
