import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { requireOrganizerOfSummit } from "~/auth/guards.server";
import { FormActions, FormField, SubmitButton } from "~/components/form-field";
import { Notice } from "~/components/notice";
import { TableRegion } from "~/components/table-region";
import { CAPACITY_MAX, readEligibilityForm, REASON_MAX_LENGTH, TOP_N_MAX } from "~/forms/eligibility";
import { badRequest, notFound, noticeFrom } from "~/lib/http";
import {
  addRule,
  getEligibilityPage,
  removeRule,
  updateOpenSettings,
  type PersonRef,
} from "~/services/eligibility/eligibility.server";
import type { Result } from "~/services/summits/summits.server";

export const meta: MetaFunction = () => [{ title: "Eligibility · Summit" }];

const NOTICES = {
  "rule-added": "The rule has been added.",
  "rule-removed": "The rule has been removed.",
  "settings-saved": "The open-summit settings have been saved.",
  "settings-unchanged": "Nothing needed saving: the open-summit settings were already as entered.",
} as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  const { summit } = await requireOrganizerOfSummit(context, request, slug);
  const url = new URL(request.url);
  // Anything but a page number shows the first page.
  const pageParam = url.searchParams.get("page") ?? "";
  const page = await getEligibilityPage(context.db, summit.id, {
    page: /^\d{1,6}$/.test(pageParam) ? Number(pageParam) : 1,
  });
  if (!page) throw notFound(`There is no summit at /summits/${slug}.`);
  return json({
    ...page,
    notice: noticeFrom(url, NOTICES),
    // Forms are keyed by it, so a successful change clears what was typed.
    revision: `${page.counts.rules}-${page.lastChange?.at ?? ""}-${page.summit.isOpen}-${page.summit.capacity}`,
  });
}

type Intent = "add-rule" | "remove-rule" | "open-settings";

function refused(
  intent: Intent,
  result: Exclude<Result<unknown>, { ok: true }>,
  values: Record<string, string | string[]>,
) {
  return json(
    {
      intent,
      kind: typeof values.kind === "string" ? values.kind : null,
      message: result.message,
      fieldErrors: result.fieldErrors ?? {},
      values,
    },
    { status: result.status },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const slug = params.slug ?? "";
  const { user } = await requireOrganizerOfSummit(context, request, slug);
  const form = readEligibilityForm(await request.formData().catch(() => new FormData()));
  if (!form.ok) throw badRequest(form.message);
  const { intent, ...values } = form.fields;
  const back = (notice: keyof typeof NOTICES) => redirect(`/summits/${slug}/eligibility?notice=${notice}`);
  const args = { actor: user, slug, input: values };
  switch (intent) {
    case "add-rule": {
      const result = await addRule(context.db, args);
      return result.ok ? back("rule-added") : refused(intent, result, values);
    }
    case "remove-rule": {
      const result = await removeRule(context.db, args);
      return result.ok ? back("rule-removed") : refused(intent, result, values);
    }
    case "open-settings": {
      const result = await updateOpenSettings(context.db, args);
      if (!result.ok) return refused(intent, result, values);
      return back(result.value.changed ? "settings-saved" : "settings-unchanged");
    }
    default:
      throw badRequest("This form does not say what it is for; reload the page and try again.");
  }
}

/** Names in a sentence, the first few of them: "A, B and 3 more". */
function someNames(people: PersonRef[], total: number, shown = 12): string {
  const names = people.slice(0, shown).map((p) => p.name || p.email);
  const more = total - names.length;
  if (more > 0) return `${names.join(", ")} and ${more} more`;
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

function PeopleList({ people, total }: { people: PersonRef[]; total: number }) {
  return (
    <ul className="stack-list">
      {people.map((p) => (
        <li key={p.email}>
          {p.name} <span className="muted">&lt;{p.email}&gt;</span>
        </li>
      ))}
      {total > people.length ? <li className="muted">and {plural(total - people.length, "more", "more")}</li> : null}
    </ul>
  );
}

/** Links to the other pages of the preview; plain links, so they work without JavaScript. */
function PreviewPages({
  url,
  preview,
  total,
}: {
  url: string;
  preview: { page: number; pages: number; first: number; last: number };
  total: number;
}) {
  const to = (page: number) => `${url}?page=${page}#preview-heading`;
  return (
    <nav className="form-actions" aria-label={`Pages of the preview, page ${preview.page} of ${preview.pages}`}>
      <span>
        People {preview.first.toLocaleString("en")}–{preview.last.toLocaleString("en")} of {total.toLocaleString("en")}
      </span>
      {preview.page > 1 ? <Link to={to(preview.page - 1)}>Previous page</Link> : null}
      {preview.page < preview.pages ? <Link to={to(preview.page + 1)}>Next page</Link> : null}
      <span className="muted">
        Page {preview.page} of {preview.pages}
      </span>
    </nav>
  );
}

export default function EligibilityPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const url = `/summits/${data.summit.slug}/eligibility`;
  const sourcesUrl = `/summits/${data.summit.slug}/sources`;
  const editable = !data.summit.published;

  const failedRule = (kind: string) =>
    actionData && actionData.intent === "add-rule" && actionData.kind === kind ? actionData : null;
  const unknownKindFailure =
    actionData &&
    actionData.intent === "add-rule" &&
    !["top_contributors", "responsibility", "include", "exclude"].includes(actionData.kind ?? "")
      ? actionData
      : null;
  const removeFailure = actionData && actionData.intent === "remove-rule" ? actionData : null;
  const settingsFailure = actionData && actionData.intent === "open-settings" ? actionData : null;
  const top = failedRule("top_contributors");
  const resp = failedRule("responsibility");
  const incl = failedRule("include");
  const excl = failedRule("exclude");
  const value = (failure: typeof top, name: string): string => {
    const v = failure?.values[name];
    return typeof v === "string" ? v : "";
  };
  const errorOf = (failure: typeof top, name: string): string | undefined =>
    (failure?.fieldErrors as Record<string, string> | undefined)?.[name];
  /** The form's message, and any error about a field this form does not show (so it is never lost). */
  const formError = (failure: typeof top, shown: string[]) => {
    if (!failure) return null;
    const elsewhere = Object.entries(failure.fieldErrors as Record<string, string>)
      .filter(([field]) => field !== "form" && !shown.includes(field))
      .map(([, message]) => message);
    return <Notice tone="error">{[failure.message, ...elsewhere].join(" ")}</Notice>;
  };
  const respRoles = (() => {
    const v = resp?.values.roles;
    return new Set(Array.isArray(v) ? v : typeof v === "string" ? [v] : []);
  })();
  const respScope = resp ? value(resp, "scope") : "chosen";
  const last = data.lastChange;
  const settings = settingsFailure
    ? {
        isOpen: settingsFailure.values.isOpen === "on",
        capacity: typeof settingsFailure.values.capacity === "string" ? settingsFailure.values.capacity : "",
        seatRequestNeedsItem: settingsFailure.values.seatRequestNeedsItem === "on",
      }
    : {
        isOpen: data.summit.isOpen,
        capacity: data.summit.capacity === null ? "" : String(data.summit.capacity),
        seatRequestNeedsItem: data.summit.seatRequestNeedsItem,
      };

  return (
    <>
      <p className="lead">
        Who may attend, and why. Only the organizers see this page; nothing is sent from here. Contributor counts and
        responsibilities come from the <Link to={sourcesUrl}>sources page</Link>.
      </p>

      {data.notice ? (
        <Notice tone="success">
          {data.notice.text}
          {last && data.notice.key.startsWith("rule-") ? (
            <>
              {" "}
              {last.addedCount === 0 && last.removedCount === 0
                ? "Nobody was added and nobody dropped out."
                : [
                    last.addedCount > 0
                      ? `Added (${last.addedCount.toLocaleString("en")}): ${someNames(last.added, last.addedCount)}.`
                      : "Nobody was added.",
                    last.removedCount > 0
                      ? `Dropped out (${last.removedCount.toLocaleString("en")}): ${someNames(last.removed, last.removedCount)}.`
                      : "Nobody dropped out.",
                  ].join(" ")}
            </>
          ) : null}
        </Notice>
      ) : null}

      {data.summit.published ? (
        <Notice>The minutes of this summit are published: the rules are final and can no longer change.</Notice>
      ) : null}

      <section className="card" aria-labelledby="rules-heading">
        <h2 id="rules-heading">Rules</h2>
        <p>
          A person is eligible when any rule admits them, unless a rule excludes them. People are matched across sources
          by email address, ignoring case, and by the aliases of the imported mailmap.
        </p>
        {removeFailure ? <Notice tone="error">{removeFailure.message}</Notice> : null}
        {unknownKindFailure ? <Notice tone="error">{unknownKindFailure.message}</Notice> : null}
        {data.rules.length === 0 ? (
          <p className="muted">No rules yet: nobody is eligible. Add a rule below.</p>
        ) : (
          <ol className="stack-list">
            {data.rules.map((rule, i) => (
              <li key={rule.id}>
                {editable ? (
                  <Form method="post" action={url} className="item-row">
                    <span>{rule.text}</span>
                    <input type="hidden" name="intent" value="remove-rule" />
                    <input type="hidden" name="ruleId" value={rule.id} />
                    <SubmitButton variant="link" disabled={busy}>
                      Remove<span className="visually-hidden"> rule {i + 1}</span>
                    </SubmitButton>
                  </Form>
                ) : (
                  rule.text
                )}
              </li>
            ))}
          </ol>
        )}
        <p className="muted">
          <strong>Ties:</strong> {data.tieRule}
        </p>
      </section>

      {editable ? (
        <section aria-labelledby="add-heading">
          <h2 id="add-heading">Add a rule</h2>

          <section className="card" aria-labelledby="add-top-heading">
            <h3 id="add-top-heading">Top contributors by commits</h3>
            {data.sources.length === 0 ? (
              <p className="muted">
                No contributor counts yet. Import a git history, <code>git shortlog -sne</code> output or a CSV on the{" "}
                <Link to={sourcesUrl}>sources page</Link> first.
              </p>
            ) : (
              <Form method="post" action={url} className="form" noValidate key={`top-${data.revision}`}>
                {formError(top, ["sourceId", "n"])}
                <input type="hidden" name="intent" value="add-rule" />
                <input type="hidden" name="kind" value="top_contributors" />
                <FormField
                  id="top-source"
                  name="sourceId"
                  label="Source of the counts"
                  error={errorOf(top, "sourceId")}
                  control={(props) => (
                    <select {...props} name="sourceId" defaultValue={value(top, "sourceId") || data.sources[0]?.id}>
                      {data.sources.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.label} ({s.period}, {plural(s.contributors, "contributor", "contributors")})
                        </option>
                      ))}
                    </select>
                  )}
                />
                <FormField
                  id="top-n"
                  name="n"
                  label="How many"
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={TOP_N_MAX}
                  hint={`The top N by number of commits, from 1 to ${TOP_N_MAX}.`}
                  defaultValue={value(top, "n") || "20"}
                  error={errorOf(top, "n")}
                  required
                />
                <FormActions>
                  <SubmitButton disabled={busy}>Add top contributors</SubmitButton>
                </FormActions>
              </Form>
            )}
          </section>

          <section className="card" aria-labelledby="add-roles-heading">
            <h3 id="add-roles-heading">Holders of responsibilities</h3>
            <Form method="post" action={url} className="form" noValidate key={`roles-${data.revision}`}>
              {formError(resp, data.roles.length > 0 ? ["scope", "roles"] : ["scope"])}
              <input type="hidden" name="intent" value="add-rule" />
              <input type="hidden" name="kind" value="responsibility" />
              <fieldset className="field" aria-describedby={errorOf(resp, "scope") ? "roles-scope-error" : undefined}>
                <legend>Whom</legend>
                <div>
                  <input
                    type="radio"
                    id="roles-scope-all"
                    name="scope"
                    value="all"
                    defaultChecked={respScope === "all" || data.roles.length === 0}
                  />{" "}
                  <label htmlFor="roles-scope-all">
                    Everyone holding any responsibility, including roles added later
                  </label>
                </div>
                <div>
                  <input
                    type="radio"
                    id="roles-scope-chosen"
                    name="scope"
                    value="chosen"
                    defaultChecked={respScope !== "all" && data.roles.length > 0}
                    disabled={data.roles.length === 0}
                  />{" "}
                  <label htmlFor="roles-scope-chosen">Holders of the roles ticked below</label>
                </div>
                {errorOf(resp, "scope") ? (
                  <p className="field-error" id="roles-scope-error">
                    {errorOf(resp, "scope")}
                  </p>
                ) : null}
              </fieldset>
              {data.roles.length === 0 ? (
                <p className="muted">
                  No roles yet. Enter roles such as “stable maintainer” or import a MAINTAINERS file on the{" "}
                  <Link to={sourcesUrl}>sources page</Link>.
                </p>
              ) : (
                <fieldset className="field" aria-describedby={errorOf(resp, "roles") ? "roles-list-error" : undefined}>
                  <legend>Roles</legend>
                  {data.roles.map((r, i) => (
                    <div key={r.role}>
                      <input
                        type="checkbox"
                        id={`role-${i}`}
                        name="roles"
                        value={r.role}
                        defaultChecked={respRoles.has(r.role)}
                        aria-invalid={errorOf(resp, "roles") ? true : undefined}
                      />{" "}
                      <label htmlFor={`role-${i}`}>
                        {r.role} <span className="muted">({plural(r.holders, "person", "people")})</span>
                      </label>
                    </div>
                  ))}
                  {errorOf(resp, "roles") ? (
                    <p className="field-error" id="roles-list-error">
                      {errorOf(resp, "roles")}
                    </p>
                  ) : null}
                </fieldset>
              )}
              <FormActions>
                <SubmitButton disabled={busy}>Add holders of responsibilities</SubmitButton>
              </FormActions>
            </Form>
          </section>

          <section className="card" aria-labelledby="add-include-heading">
            <h3 id="add-include-heading">Include a person by hand</h3>
            <Form method="post" action={url} className="form" noValidate key={`include-${data.revision}`}>
              {formError(incl, ["email", "name", "reason"])}
              <input type="hidden" name="intent" value="add-rule" />
              <input type="hidden" name="kind" value="include" />
              <FormField
                id="include-email"
                name="email"
                label="Email address"
                type="email"
                defaultValue={value(incl, "email")}
                error={errorOf(incl, "email")}
                autoComplete="off"
                required
              />
              <FormField
                id="include-name"
                name="name"
                label="Name"
                hint="Optional: without it, a name is made from the address."
                defaultValue={value(incl, "name")}
                error={errorOf(incl, "name")}
                autoComplete="off"
              />
              <FormField
                id="include-reason"
                name="reason"
                label="Reason"
                hint={`Shown beside the person, such as “qemu.org system administrator”. At most ${REASON_MAX_LENGTH} characters.`}
                defaultValue={value(incl, "reason")}
                error={errorOf(incl, "reason")}
                maxLength={REASON_MAX_LENGTH * 2}
                required
              />
              <FormActions>
                <SubmitButton disabled={busy}>Include</SubmitButton>
              </FormActions>
            </Form>
          </section>

          <section className="card" aria-labelledby="add-exclude-heading">
            <h3 id="add-exclude-heading">Exclude a person by hand</h3>
            <p>An exclusion wins over every rule that admits the person, and the page keeps saying why.</p>
            <Form method="post" action={url} className="form" noValidate key={`exclude-${data.revision}`}>
              {formError(excl, ["email", "reason"])}
              <input type="hidden" name="intent" value="add-rule" />
              <input type="hidden" name="kind" value="exclude" />
              <FormField
                id="exclude-email"
                name="email"
                label="Email address"
                type="email"
                defaultValue={value(excl, "email")}
                error={errorOf(excl, "email")}
                autoComplete="off"
                required
              />
              <FormField
                id="exclude-reason"
                name="reason"
                label="Reason"
                hint={`Such as “asked not to be invited”. At most ${REASON_MAX_LENGTH} characters.`}
                defaultValue={value(excl, "reason")}
                error={errorOf(excl, "reason")}
                maxLength={REASON_MAX_LENGTH * 2}
                required
              />
              <FormActions>
                <SubmitButton variant="danger" disabled={busy}>
                  Exclude
                </SubmitButton>
              </FormActions>
            </Form>
          </section>
        </section>
      ) : null}

      {last ? (
        <section className="card" aria-labelledby="last-change-heading">
          <h2 id="last-change-heading">Last change to the rules</h2>
          <p>
            {last.actor} {last.change} the rule “{last.rule}” on{" "}
            <time dateTime={last.at}>{last.at.slice(0, 16).replace("T", " ")} UTC</time>: the list went from{" "}
            {plural(last.eligibleBefore, "person", "people")} to {plural(last.eligibleAfter, "person", "people")}.
          </p>
          <h3>Added ({last.addedCount.toLocaleString("en")})</h3>
          {last.addedCount === 0 ? (
            <p className="muted">Nobody.</p>
          ) : (
            <PeopleList people={last.added} total={last.addedCount} />
          )}
          <h3>Dropped out ({last.removedCount.toLocaleString("en")})</h3>
          {last.removedCount === 0 ? (
            <p className="muted">Nobody.</p>
          ) : (
            <PeopleList people={last.removed} total={last.removedCount} />
          )}
        </section>
      ) : null}

      {data.changedSinceSnapshot ? (
        <section className="card" aria-labelledby="since-heading">
          <h2 id="since-heading">Changed since the last rule change</h2>
          <p>New imports (counts, responsibilities or aliases) changed whom the rules admit.</p>
          <h3>Now eligible ({data.changedSinceSnapshot.addedCount.toLocaleString("en")})</h3>
          {data.changedSinceSnapshot.addedCount === 0 ? (
            <p className="muted">Nobody.</p>
          ) : (
            <PeopleList people={data.changedSinceSnapshot.added} total={data.changedSinceSnapshot.addedCount} />
          )}
          <h3>No longer eligible ({data.changedSinceSnapshot.removedCount.toLocaleString("en")})</h3>
          {data.changedSinceSnapshot.removedCount === 0 ? (
            <p className="muted">Nobody.</p>
          ) : (
            <PeopleList people={data.changedSinceSnapshot.removed} total={data.changedSinceSnapshot.removedCount} />
          )}
        </section>
      ) : null}

      <section aria-labelledby="preview-heading">
        <h2 id="preview-heading">Preview: {plural(data.counts.eligible, "person", "people")} eligible</h2>
        {data.counts.eligible === 0 ? (
          <p className="muted">Nobody is eligible under the rules above.</p>
        ) : (
          <>
            {data.preview.pages > 1 ? (
              <PreviewPages url={url} preview={data.preview} total={data.counts.eligible} />
            ) : null}
            <TableRegion labelledBy="preview-heading">
              <table>
                <caption className="visually-hidden">
                  Everyone the rules admit, each once, with every reason
                  {data.preview.pages > 1 ? `: ${data.preview.first} to ${data.preview.last}` : ""}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {data.eligible.map((person) => (
                    <tr key={person.email}>
                      <td>{person.name}</td>
                      <td>{person.email}</td>
                      <td>{person.reasons.join("; ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          </>
        )}
      </section>

      {data.counts.excluded > 0 ? (
        <section aria-labelledby="excluded-heading">
          <h2 id="excluded-heading">Excluded: {plural(data.counts.excluded, "person", "people")}</h2>
          <TableRegion labelledBy="excluded-heading">
            <table>
              <caption className="visually-hidden">People a rule would admit but an exclusion keeps out</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Would have been admitted as</th>
                  <th scope="col">Excluded because</th>
                </tr>
              </thead>
              <tbody>
                {data.excluded.map((person) => (
                  <tr key={person.email}>
                    <td>{person.name}</td>
                    <td>{person.email}</td>
                    <td>
                      {person.reasons.length > 0 ? person.reasons.join("; ") : <span className="muted">no rule</span>}
                    </td>
                    <td>{person.excludedBecause}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </section>
      ) : null}

      <section className="card" aria-labelledby="open-heading">
        <h2 id="open-heading">Open summit</h2>
        <p>
          An open summit also takes seat requests from any signed-in member, with a short statement. Organizers approve
          or refuse them; approved requests beyond the capacity wait on a waitlist in order.
        </p>
        {editable ? (
          <Form method="post" action={url} className="form" noValidate key={`open-${data.revision}`}>
            {formError(settingsFailure, ["isOpen", "capacity", "seatRequestNeedsItem"])}
            <input type="hidden" name="intent" value="open-settings" />
            <div className="field">
              <div>
                <input
                  type="checkbox"
                  id="open-is-open"
                  name="isOpen"
                  value="on"
                  defaultChecked={settings.isOpen}
                  aria-invalid={errorOf(settingsFailure, "isOpen") ? true : undefined}
                  aria-describedby={errorOf(settingsFailure, "isOpen") ? "open-is-open-error" : undefined}
                />{" "}
                <label htmlFor="open-is-open">Open: any signed-in member may request a seat</label>
              </div>
              {errorOf(settingsFailure, "isOpen") ? (
                <p className="field-error" id="open-is-open-error">
                  {errorOf(settingsFailure, "isOpen")}
                </p>
              ) : null}
            </div>
            <FormField
              id="open-capacity"
              name="capacity"
              label="Capacity"
              type="number"
              inputMode="numeric"
              min={1}
              max={CAPACITY_MAX}
              hint={`How many seats, from 1 to ${CAPACITY_MAX.toLocaleString("en")}; empty for no limit.`}
              defaultValue={settings.capacity}
              error={errorOf(settingsFailure, "capacity")}
            />
            <div className="field">
              <div>
                <input
                  type="checkbox"
                  id="open-needs-item"
                  name="seatRequestNeedsItem"
                  value="on"
                  defaultChecked={settings.seatRequestNeedsItem}
                  aria-invalid={errorOf(settingsFailure, "seatRequestNeedsItem") ? true : undefined}
                  aria-describedby={
                    errorOf(settingsFailure, "seatRequestNeedsItem") ? "open-needs-item-error" : undefined
                  }
                />{" "}
                <label htmlFor="open-needs-item">A seat request must come with a proposed agenda item</label>
              </div>
              {errorOf(settingsFailure, "seatRequestNeedsItem") ? (
                <p className="field-error" id="open-needs-item-error">
                  {errorOf(settingsFailure, "seatRequestNeedsItem")}
                </p>
              ) : null}
            </div>
            <FormActions>
              <SubmitButton variant="secondary" disabled={busy}>
                Save open-summit settings
              </SubmitButton>
            </FormActions>
          </Form>
        ) : (
          <p className="muted">
            {data.summit.isOpen ? "The summit was open" : "The summit was not open"}
            {data.summit.capacity ? `, with ${plural(data.summit.capacity, "seat", "seats")}` : ""}.
          </p>
        )}
      </section>
    </>
  );
}
