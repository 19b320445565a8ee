import { useForm, type SubmissionResult } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type * as z from "zod/mini";
import { FormActions, FormField, SubmitButton } from "~/components/form-field";
import { TableRegion } from "~/components/table-region";
import { parseWithZod } from "~/forms/conform";
import { ResponsibilityFormSchema } from "~/forms/contributor-import";
import { withoutIntent } from "~/forms/posted-form";
import { fieldProps, FormMessage } from "./form-parts";
import { utcMinute } from "./words";

type Holder = { id: string; role: string; name: string; email: string };

interface RemoveProps {
  /** Whether each holder has a Remove button. */
  editable: boolean;
  action: string;
  /** The hidden field naming the remove-responsibility intent. */
  removeIntent: ReactNode;
  busy: boolean;
}

function removeProps({ editable, action, removeIntent, busy }: RemoveProps): RemoveProps {
  return { editable, action, removeIntent, busy };
}

/** Holders of responsibilities, each with a Remove button while the summit can still change. */
function ResponsibilityTable(props: RemoveProps & { labelledBy: string; caption: string; rows: readonly Holder[] }) {
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
                    {props.removeIntent}
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

function RoleHolderForm(props: {
  action: string;
  intent: ReactNode;
  lastResult: SubmissionResult<string[]> | null | undefined;
  busy: boolean;
}) {
  const [form, fields] = useForm<z.input<typeof ResponsibilityFormSchema>, z.output<typeof ResponsibilityFormSchema>>({
    id: "role",
    lastResult: props.lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(withoutIntent(formData), { schema: ResponsibilityFormSchema });
    },
  });
  return (
    <Form method="post" action={props.action} id={form.id} onSubmit={form.onSubmit} className="form" noValidate>
      <h4>Add a role holder</h4>
      <FormMessage form={form} shown={["role", "name", "email"]} />
      {props.intent}
      <FormField
        key={fields.role.key}
        {...fieldProps(fields.role)}
        label="Role"
        hint="Such as “stable maintainer”."
        required
        autoComplete="off"
      />
      <FormField key={fields.name.key} {...fieldProps(fields.name)} label="Name (optional)" autoComplete="off" />
      <FormField
        key={fields.email.key}
        {...fieldProps(fields.email)}
        type="email"
        label="Email address"
        required
        autoComplete="off"
      />
      <FormActions>
        <SubmitButton variant="secondary" disabled={props.busy}>
          Add role holder
        </SubmitButton>
      </FormActions>
    </Form>
  );
}

/** People holding a named role, entered by hand, and the form that adds one. */
export function NamedRoles(
  props: RemoveProps & {
    holders: readonly Holder[];
    addIntent: ReactNode;
    lastResult: SubmissionResult<string[]> | null | undefined;
    revision: string;
  },
) {
  return (
    <section className="card" aria-labelledby="roles-heading">
      <h3 id="roles-heading">Named roles</h3>
      <p>People holding a responsibility, such as “stable maintainer” or “qemu.org system administrator”.</p>
      {props.holders.length === 0 ? (
        <p className="muted">No role holders entered yet.</p>
      ) : (
        <ResponsibilityTable
          {...removeProps(props)}
          labelledBy="roles-heading"
          caption="Role holders entered by hand"
          rows={props.holders}
        />
      )}
      {props.editable ? (
        <RoleHolderForm
          key={`role-${props.revision}`}
          action={props.action}
          intent={props.addIntent}
          lastResult={props.lastResult}
          busy={props.busy}
        />
      ) : null}
    </section>
  );
}

/** The subsystem maintainers of the last MAINTAINERS import, the first of them listed. */
export function Maintainers(
  props: RemoveProps & {
    maintainers: { total: number; sections: number; importedAt: string | null; shown: readonly Holder[] };
  },
) {
  const { maintainers } = props;
  return (
    <section className="card" aria-labelledby="maintainers-heading">
      <h3 id="maintainers-heading">Subsystem maintainers from MAINTAINERS</h3>
      {maintainers.total === 0 ? (
        <p className="muted">No MAINTAINERS file imported yet.</p>
      ) : (
        <>
          <p>
            {maintainers.total} {maintainers.total === 1 ? "entry" : "entries"} in {maintainers.sections}{" "}
            {maintainers.sections === 1 ? "section" : "sections"}
            {maintainers.importedAt ? (
              <>
                , imported <time dateTime={maintainers.importedAt}>{utcMinute(maintainers.importedAt)}</time> UTC
              </>
            ) : null}
            {maintainers.total > maintainers.shown.length ? `; the first ${maintainers.shown.length} are listed` : ""}.
          </p>
          <ResponsibilityTable
            {...removeProps(props)}
            labelledBy="maintainers-heading"
            caption="Maintainers imported from a MAINTAINERS file"
            rows={maintainers.shown}
          />
        </>
      )}
    </section>
  );
}
