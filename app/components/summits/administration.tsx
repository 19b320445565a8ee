import { useForm } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { FormActions, SubmitButton } from "~/components/form-field";
import { SummitDetailsFields } from "~/components/summit-details-fields";
import { TableRegion } from "~/components/table-region";
import { parseWithZod } from "~/forms/conform";
import { CreateSummitFormSchema, withIntent, type NewSummitDetails } from "~/forms/summit";
import { FormNotice, type PageForm } from "./form-parts";

export interface AdminSummitView {
  slug: string;
  title: string;
  dates: string;
  phaseLabel: string;
}

/** Administration → Summits: each with its dates, phase and the page naming its organizers. */
export function SummitTable({ summits }: { summits: readonly AdminSummitView[] }) {
  return (
    <section aria-labelledby="summits-heading">
      <h2 id="summits-heading">Summits</h2>
      {summits.length === 0 ? (
        <p className="muted">No summits yet: create the first one below.</p>
      ) : (
        <TableRegion labelledBy="summits-heading">
          <table>
            <thead>
              <tr>
                <th scope="col">Summit</th>
                <th scope="col">Dates</th>
                <th scope="col">Phase</th>
                <th scope="col">Organizers</th>
              </tr>
            </thead>
            <tbody>
              {summits.map((s) => (
                <tr key={s.slug}>
                  <td>
                    <Link to={`/summits/${s.slug}`}>{s.title}</Link>
                  </td>
                  <td>{s.dates}</td>
                  <td>
                    <span className="badge">{s.phaseLabel}</span>
                  </td>
                  <td>
                    <Link to={`/admin/summits/${s.slug}`}>
                      Name or remove<span className="visually-hidden"> organizers of {s.title}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </section>
  );
}

const createSchema = withIntent(CreateSummitFormSchema);
/** The form's fields as typed: text, before the schema reads them. */
type CreateInput = { [K in keyof NewSummitDetails]?: string } & { intent?: string };

/** Administration → Create a summit: its details and the short name of its address. */
export function CreateSummitCard({ form: place }: { form: PageForm }) {
  const [form, fields] = useForm<CreateInput, NewSummitDetails>({
    id: "create-summit",
    lastResult: place.lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate({ formData }) {
      return parseWithZod(formData, { schema: createSchema });
    },
  });
  return (
    <section className="card" aria-labelledby="create-heading">
      <h2 id="create-heading">Create a summit</h2>
      <Form
        method="post"
        action={place.action}
        id={form.id}
        onSubmit={form.onSubmit}
        noValidate
        className="form"
        aria-labelledby="create-heading"
      >
        <FormNotice form={form} />
        {place.intent}
        <SummitDetailsFields fields={fields} creating />
        <FormActions>
          <SubmitButton disabled={place.busy}>Create summit</SubmitButton>
        </FormActions>
      </Form>
    </section>
  );
}

export interface AccountView {
  id: string;
  name: string;
  email: string;
  isAdmin: boolean;
  deactivated: boolean;
}

/** Administration → People: every account, administrators and deactivated ones marked. */
export function AccountTable({ users }: { users: readonly AccountView[] }) {
  return (
    <section aria-labelledby="people-heading">
      <h2 id="people-heading">People</h2>
      <p className="muted">
        Accounts are created at first sign-in, or when someone is named organizer or minute-taker. Administrators are
        named on the command line: <code>npm run summit -- admin add EMAIL</code>.
      </p>
      <TableRegion labelledBy="people-heading">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email address</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>
                  {u.isAdmin ? <span className="badge">Administrator</span> : null}{" "}
                  {u.deactivated ? <span className="badge badge--danger">Deactivated</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </section>
  );
}
