import { useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type * as z from "zod/mini";
import { FormActions, FormField, SubmitButton } from "~/components/form-field";
import { parseWithZod } from "~/forms/conform";
import {
  ExcludeRuleFormSchema,
  IncludeRuleFormSchema,
  REASON_MAX_LENGTH,
  ResponsibilityRuleFormSchema,
  TOP_N_MAX,
  TopContributorsRuleFormSchema,
  type RuleKind,
} from "~/forms/eligibility";
import { withoutIntent } from "~/forms/posted-form";
import { fieldProps, FormMessage, textOf, valuesOf } from "./form-parts";
import { plural } from "./words";

type LastResult = SubmissionResult<string[]> | null | undefined;

interface RuleFormProps {
  /** The page's address, where the form posts. */
  action: string;
  /** The hidden field naming the action's intent. */
  intent: ReactNode;
  /** The server's answer to this form, when it refused it. */
  lastResult: LastResult;
  busy: boolean;
}

/** Conform's options every rule form shares: validated in the browser with the schema the server applies. */
function ruleForm<Schema extends z.core.$ZodType>(id: string, schema: Schema, lastResult: LastResult) {
  return {
    id,
    lastResult,
    shouldValidate: "onBlur" as const,
    shouldRevalidate: "onInput" as const,
    onValidate({ formData }: { formData: FormData }) {
      return parseWithZod(withoutIntent(formData), { schema });
    },
  };
}

function TopContributorsRuleForm({
  sources,
  ...props
}: RuleFormProps & { sources: ReadonlyArray<{ id: string; label: string; period: string; contributors: number }> }) {
  const [form, fields] = useForm<
    z.input<typeof TopContributorsRuleFormSchema>,
    z.output<typeof TopContributorsRuleFormSchema>
  >({
    ...ruleForm("top", TopContributorsRuleFormSchema, props.lastResult),
    defaultValue: { sourceId: sources[0]?.id, n: "20" },
  });
  const source = fieldProps(fields.sourceId);
  return (
    <Form method="post" action={props.action} id={form.id} onSubmit={form.onSubmit} className="form" noValidate>
      <FormMessage form={form} shown={["sourceId", "n"]} />
      {props.intent}
      <input type="hidden" name="kind" value="top_contributors" />
      <FormField
        key={fields.sourceId.key}
        {...source}
        label="Source of the counts"
        control={(control) => (
          <select {...control} name={source.name} defaultValue={source.defaultValue}>
            {sources.map((s) => (
              <option key={s.id} value={s.id}>
                {s.label} ({s.period}, {plural(s.contributors, "contributor", "contributors")})
              </option>
            ))}
          </select>
        )}
      />
      <FormField
        key={fields.n.key}
        {...fieldProps(fields.n)}
        label="How many"
        type="number"
        inputMode="numeric"
        min={1}
        max={TOP_N_MAX}
        hint={`The top N by number of commits, from 1 to ${TOP_N_MAX}.`}
        required
      />
      <FormActions>
        <SubmitButton disabled={props.busy}>Add top contributors</SubmitButton>
      </FormActions>
    </Form>
  );
}

function ResponsibilityRuleForm({
  roles,
  sourcesUrl,
  ...props
}: RuleFormProps & { roles: ReadonlyArray<{ role: string; holders: number }>; sourcesUrl: string }) {
  const [form, fields] = useForm<
    z.input<typeof ResponsibilityRuleFormSchema>,
    z.output<typeof ResponsibilityRuleFormSchema>
  >({
    ...ruleForm("roles", ResponsibilityRuleFormSchema, props.lastResult),
    defaultValue: { scope: roles.length > 0 ? "chosen" : "all" },
  });
  const scope = textOf(fields.scope.initialValue);
  const ticked = new Set(valuesOf(fields.roles.initialValue));
  const scopeError = fields.scope.errors?.[0];
  const rolesError = fields.roles.errors?.[0];
  return (
    <Form method="post" action={props.action} id={form.id} onSubmit={form.onSubmit} className="form" noValidate>
      <FormMessage form={form} shown={roles.length > 0 ? ["scope", "roles"] : ["scope"]} />
      {props.intent}
      <input type="hidden" name="kind" value="responsibility" />
      <fieldset
        className="field"
        key={fields.scope.key}
        aria-describedby={scopeError ? fields.scope.errorId : undefined}
      >
        <legend>Whom</legend>
        <div>
          <input
            type="radio"
            id={`${fields.scope.id}-all`}
            name={fields.scope.name}
            value="all"
            defaultChecked={scope === "all" || roles.length === 0}
          />{" "}
          <label htmlFor={`${fields.scope.id}-all`}>
            Everyone holding any responsibility, including roles added later
          </label>
        </div>
        <div>
          <input
            type="radio"
            id={`${fields.scope.id}-chosen`}
            name={fields.scope.name}
            value="chosen"
            defaultChecked={scope !== "all" && roles.length > 0}
            disabled={roles.length === 0}
          />{" "}
          <label htmlFor={`${fields.scope.id}-chosen`}>Holders of the roles ticked below</label>
        </div>
        {scopeError ? (
          <p className="field-error" id={fields.scope.errorId}>
            {scopeError}
          </p>
        ) : null}
      </fieldset>
      {roles.length === 0 ? (
        <p className="muted">
          No roles yet. Enter roles such as “stable maintainer” or import a MAINTAINERS file on the{" "}
          <Link to={sourcesUrl}>sources page</Link>.
        </p>
      ) : (
        <fieldset
          className="field"
          key={fields.roles.key}
          aria-describedby={rolesError ? fields.roles.errorId : undefined}
        >
          <legend>Roles</legend>
          {roles.map((r, i) => (
            <div key={r.role}>
              <input
                type="checkbox"
                id={`${fields.roles.id}-${i}`}
                name={fields.roles.name}
                value={r.role}
                defaultChecked={ticked.has(r.role)}
                aria-invalid={rolesError ? true : undefined}
              />{" "}
              <label htmlFor={`${fields.roles.id}-${i}`}>
                {r.role} <span className="muted">({plural(r.holders, "person", "people")})</span>
              </label>
            </div>
          ))}
          {rolesError ? (
            <p className="field-error" id={fields.roles.errorId}>
              {rolesError}
            </p>
          ) : null}
        </fieldset>
      )}
      <FormActions>
        <SubmitButton disabled={props.busy}>Add holders of responsibilities</SubmitButton>
      </FormActions>
    </Form>
  );
}

function IncludeRuleForm(props: RuleFormProps) {
  const [form, fields] = useForm<z.input<typeof IncludeRuleFormSchema>, z.output<typeof IncludeRuleFormSchema>>(
    ruleForm("include", IncludeRuleFormSchema, props.lastResult),
  );
  return (
    <Form method="post" action={props.action} id={form.id} onSubmit={form.onSubmit} className="form" noValidate>
      <FormMessage form={form} shown={["email", "name", "reason"]} />
      {props.intent}
      <input type="hidden" name="kind" value="include" />
      <FormField
        key={fields.email.key}
        {...fieldProps(fields.email)}
        label="Email address"
        type="email"
        autoComplete="off"
        required
      />
      <FormField
        key={fields.name.key}
        {...fieldProps(fields.name)}
        label="Name"
        hint="Optional: without it, a name is made from the address."
        autoComplete="off"
      />
      <FormField
        key={fields.reason.key}
        {...fieldProps(fields.reason)}
        label="Reason"
        hint={`Shown beside the person, such as “qemu.org system administrator”. At most ${REASON_MAX_LENGTH} characters.`}
        maxLength={REASON_MAX_LENGTH * 2}
        required
      />
      <FormActions>
        <SubmitButton disabled={props.busy}>Include</SubmitButton>
      </FormActions>
    </Form>
  );
}

function ExcludeRuleForm(props: RuleFormProps) {
  const [form, fields] = useForm<z.input<typeof ExcludeRuleFormSchema>, z.output<typeof ExcludeRuleFormSchema>>(
    ruleForm("exclude", ExcludeRuleFormSchema, props.lastResult),
  );
  return (
    <Form method="post" action={props.action} id={form.id} onSubmit={form.onSubmit} className="form" noValidate>
      <FormMessage form={form} shown={["email", "reason"]} />
      {props.intent}
      <input type="hidden" name="kind" value="exclude" />
      <FormField
        key={fields.email.key}
        {...fieldProps(fields.email)}
        label="Email address"
        type="email"
        autoComplete="off"
        required
      />
      <FormField
        key={fields.reason.key}
        {...fieldProps(fields.reason)}
        label="Reason"
        hint={`Such as “asked not to be invited”. At most ${REASON_MAX_LENGTH} characters.`}
        maxLength={REASON_MAX_LENGTH * 2}
        required
      />
      <FormActions>
        <SubmitButton variant="danger" disabled={props.busy}>
          Exclude
        </SubmitButton>
      </FormActions>
    </Form>
  );
}

interface AddRuleFormsProps {
  action: string;
  sourcesUrl: string;
  /** The hidden field naming the add-rule intent. */
  intent: ReactNode;
  /** The server's answer to the form of one kind of rule, when it refused it. */
  refusedKind: RuleKind | null;
  lastResult: LastResult;
  sources: ReadonlyArray<{ id: string; label: string; period: string; contributors: number }>;
  roles: ReadonlyArray<{ role: string; holders: number }>;
  /** Changes with every successful change, so the forms start empty again. */
  revision: string;
  busy: boolean;
}

/** The four forms that add a rule, one card each. */
export function AddRuleForms(props: AddRuleFormsProps) {
  const common = (kind: RuleKind) => ({
    action: props.action,
    intent: props.intent,
    lastResult: props.refusedKind === kind ? props.lastResult : undefined,
    busy: props.busy,
  });
  return (
    <section aria-labelledby="add-heading">
      <h2 id="add-heading">Add a rule</h2>

      <section className="card" aria-labelledby="add-top-heading">
        <h3 id="add-top-heading">Top contributors by commits</h3>
        {props.sources.length === 0 ? (
          <p className="muted">
            No contributor counts yet. Import a git history, <code>git shortlog -sne</code> output or a CSV on the{" "}
            <Link to={props.sourcesUrl}>sources page</Link> first.
          </p>
        ) : (
          <TopContributorsRuleForm
            key={`top-${props.revision}`}
            {...common("top_contributors")}
            sources={props.sources}
          />
        )}
      </section>

      <section className="card" aria-labelledby="add-roles-heading">
        <h3 id="add-roles-heading">Holders of responsibilities</h3>
        <ResponsibilityRuleForm
          key={`roles-${props.revision}`}
          {...common("responsibility")}
          roles={props.roles}
          sourcesUrl={props.sourcesUrl}
        />
      </section>

      <section className="card" aria-labelledby="add-include-heading">
        <h3 id="add-include-heading">Include a person by hand</h3>
        <IncludeRuleForm key={`include-${props.revision}`} {...common("include")} />
      </section>

      <section className="card" aria-labelledby="add-exclude-heading">
        <h3 id="add-exclude-heading">Exclude a person by hand</h3>
        <p>An exclusion wins over every rule that admits the person, and the page keeps saying why.</p>
        <ExcludeRuleForm key={`exclude-${props.revision}`} {...common("exclude")} />
      </section>
    </section>
  );
}
