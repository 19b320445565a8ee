import { useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { FormActions, FormField, SubmitButton } from "~/components/form-field";
import { Notice } from "~/components/notice";
import { TableRegion } from "~/components/table-region";
import {
  TEXT_IMPORT_KIND_LABELS,
  TEXT_IMPORT_KINDS,
  TEXT_IMPORT_MAX_BYTES,
  type TextImportKind,
} from "~/forms/contributor-import";
import { fieldProps, FormMessage } from "./form-parts";

/** What an import would do, as the preview shows it. */
export interface ImportPreviewView {
  kind: TextImportKind;
  kindLabel: string;
  accepted: number;
  duplicatesMerged: number;
  skippedTotal: number;
  skipped: ReadonlyArray<{ line: number; text: string; reason: string }>;
  sample: ReadonlyArray<{ first: string; second: string; name: string; email: string }>;
  cutShort: { line: number; text: string } | null;
  replacement: {
    current: number;
    droppedTotal: number;
    dropped: ReadonlyArray<{ role: string; email: string; name: string }>;
    needsConfirmation: boolean;
  } | null;
}

/** The values the confirmation posts back, as the preview read them. */
export interface ImportValues {
  kind: TextImportKind;
  label: string;
  since: string;
  until: string;
  text: string;
}

function mergedWords(merged: number): string {
  if (merged === 0) return "No duplicates.";
  return merged === 1
    ? "1 duplicate line was merged into the entry it repeats."
    : `${merged} duplicate lines were merged into the entries they repeat.`;
}

/** Who a MAINTAINERS replacement would remove from their roles. */
function DroppedEntries(props: { replacement: NonNullable<ImportPreviewView["replacement"]> }) {
  const { replacement } = props;
  if (replacement.droppedTotal === 0) {
    return replacement.current > 0 ? <p>Everyone in a role from the current MAINTAINERS import keeps it.</p> : null;
  }
  return (
    <TableRegion labelledBy="dropped-heading">
      <table>
        <caption id="dropped-heading">
          Removed: {replacement.droppedTotal} of the {replacement.current} current entries
          {replacement.droppedTotal > replacement.dropped.length ? ` (the first ${replacement.dropped.length})` : ""}
        </caption>
        <thead>
          <tr>
            <th scope="col">Role</th>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
          </tr>
        </thead>
        <tbody>
          {replacement.dropped.map((entry) => (
            <tr key={`${entry.role}-${entry.email}`}>
              <td>{entry.role}</td>
              <td>{entry.name}</td>
              <td>{entry.email}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}

/** The per-line report of a preview, and the button that applies exactly what was previewed. */
function ImportReport(props: {
  preview: ImportPreviewView;
  values: ImportValues;
  action: string;
  applyIntent: ReactNode;
  busy: boolean;
}) {
  const { preview, values } = props;
  const maintainers = preview.kind === "maintainers";
  const replacement = preview.replacement;
  return (
    <section className="notice" aria-labelledby="preview-heading">
      <h4 id="preview-heading">
        {preview.accepted} accepted; {preview.skippedTotal} skipped
      </h4>
      <p>
        Read as {preview.kindLabel}
        {values.label ? `, labelled “${values.label}”` : ""}. {mergedWords(preview.duplicatesMerged)}
      </p>
      {preview.cutShort ? (
        <Notice tone="error">
          This file looks cut short: it ends in the middle of line {preview.cutShort.line} (
          <code>{preview.cutShort.text}</code>). Check that it is the whole file before importing it.
        </Notice>
      ) : null}
      {replacement?.needsConfirmation ? (
        <Notice tone="error">
          This file would remove {replacement.droppedTotal} of the {replacement.current} entries (a person in a role) of
          the current MAINTAINERS import. Check who they are below; the import needs your confirmation of the removal.
        </Notice>
      ) : null}
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
                {maintainers ? (
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
                  {maintainers ? <td>{row.second}</td> : null}
                  <td>{row.name}</td>
                  <td>{row.email}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
      {replacement ? <DroppedEntries replacement={replacement} /> : null}
      {preview.accepted > 0 ? (
        <Form method="post" action={props.action} encType="multipart/form-data">
          {props.applyIntent}
          <input type="hidden" name="kind" value={values.kind} />
          <input type="hidden" name="label" value={values.label} />
          <input type="hidden" name="since" value={values.since} />
          <input type="hidden" name="until" value={values.until} />
          <input type="hidden" name="text" value={values.text} />
          {replacement?.needsConfirmation ? (
            <div className="field">
              <div>
                <input
                  type="checkbox"
                  id="confirm-dropped"
                  name="confirmDropped"
                  value={String(replacement.droppedTotal)}
                  required
                />{" "}
                <label htmlFor="confirm-dropped">
                  Yes, remove these {replacement.droppedTotal} entries from the MAINTAINERS roles
                </label>
              </div>
            </div>
          ) : null}
          <FormActions>
            <SubmitButton disabled={props.busy}>
              {maintainers
                ? `Confirm: replace the MAINTAINERS import with these ${preview.accepted} entries`
                : `Confirm: import these ${preview.accepted} contributors`}
            </SubmitButton>
            <Link to={props.action}>Cancel</Link>
          </FormActions>
        </Form>
      ) : (
        <p>Nothing can be imported from this text: no line was accepted.</p>
      )}
    </section>
  );
}

/** The fields of the import form, as posted. */
interface ImportFields {
  kind: string;
  text: string;
  file: File;
  label: string;
  since: string;
  until: string;
}

/**
 * The import form: pasted text or a file, what it is, and how to label and
 * date it. It is checked on the server, which reads the file: in the browser
 * a chosen file stands in for the text.
 */
function ImportForm(props: {
  action: string;
  intent: ReactNode;
  lastResult: SubmissionResult<string[]> | null | undefined;
  busy: boolean;
}) {
  const [form, fields] = useForm<ImportFields>({
    id: "import",
    lastResult: props.lastResult,
    defaultValue: { kind: "shortlog" },
  });
  const kind = fieldProps(fields.kind);
  const text = fieldProps(fields.text);
  return (
    <Form
      method="post"
      action={props.action}
      encType="multipart/form-data"
      id={form.id}
      onSubmit={form.onSubmit}
      className="form"
      noValidate
    >
      <FormMessage form={form} shown={["kind", "text", "file", "label", "since", "until"]} />
      {props.intent}
      <FormField
        key={fields.kind.key}
        {...kind}
        label="What it is"
        control={(control) => (
          <select {...control} name={kind.name} defaultValue={kind.defaultValue}>
            {TEXT_IMPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {TEXT_IMPORT_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        )}
      />
      <FormField
        key={fields.text.key}
        {...text}
        label="Paste the text"
        hint="Shortlog lines look like “   412  Peter Maydell <peter.maydell@linaro.org>”; a CSV has the columns name, email, commits."
        control={(control) => <textarea {...control} name={text.name} rows={8} defaultValue={text.defaultValue} />}
      />
      <FormField
        key={fields.file.key}
        id={fields.file.id}
        name={fields.file.name}
        errorId={fields.file.errorId}
        error={fields.file.errors?.[0]}
        type="file"
        label="…or choose a file"
        hint={`At most ${TEXT_IMPORT_MAX_BYTES / 1024 / 1024} MB, plain text in UTF-8.`}
        accept=".txt,.csv,text/plain,text/csv"
      />
      <FormField
        key={fields.label.key}
        {...fieldProps(fields.label)}
        label="Label (optional)"
        hint="How rules and reasons name this source, such as “QEMU v2.10 shortlog”. A file's name by default."
        autoComplete="off"
      />
      <FormField
        key={fields.since.key}
        {...fieldProps(fields.since)}
        label="First day counted (optional, shortlog and CSV)"
        hint="YYYY-MM-DD: the period the counts cover, shown in the reasons."
        autoComplete="off"
      />
      <FormField
        key={fields.until.key}
        {...fieldProps(fields.until)}
        label="Last day counted (optional, shortlog and CSV)"
        hint="YYYY-MM-DD."
        autoComplete="off"
      />
      <FormActions>
        <SubmitButton variant="secondary" disabled={props.busy}>
          Show what would be imported
        </SubmitButton>
      </FormActions>
    </Form>
  );
}

/** Importing pasted or uploaded text: the form, then the preview of what it would do, then the confirmation. */
export function TextImport(props: {
  action: string;
  previewIntent: ReactNode;
  applyIntent: ReactNode;
  /** After a preview: what would be imported, and the values the confirmation posts back. */
  previewed: { preview: ImportPreviewView; values: ImportValues } | null;
  /** The server's answer to the import form: a refusal, or the values a preview read. */
  lastResult: SubmissionResult<string[]> | null | undefined;
  /** Why the confirmed import was refused, if it was. */
  applyRefusal: string | null;
  revision: string;
  busy: boolean;
}) {
  return (
    <section className="card" aria-labelledby="import-heading">
      <h3 id="import-heading">Import shortlog output, a CSV or a MAINTAINERS file</h3>
      <p>
        Paste the text or choose a file. You first see what would be imported, line by line; nothing changes until you
        confirm. Shortlog output and CSVs become a new contributor source; a MAINTAINERS file replaces the previous one
        (its people with status Maintained, Supported or Odd Fixes, each with the role “maintainer: section”).
      </p>
      {props.previewed ? (
        <ImportReport
          preview={props.previewed.preview}
          values={props.previewed.values}
          action={props.action}
          applyIntent={props.applyIntent}
          busy={props.busy}
        />
      ) : null}
      {props.applyRefusal ? <Notice tone="error">{props.applyRefusal}</Notice> : null}
      <ImportForm
        key={`import-${props.revision}`}
        action={props.action}
        intent={props.previewIntent}
        lastResult={props.lastResult}
        busy={props.busy}
      />
    </section>
  );
}
