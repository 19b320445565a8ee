import {
  BACKGROUND_MAX_LENGTH,
  DESIRED_OUTCOME_MAX_LENGTH,
  DESIRED_OUTCOME_MIN_LENGTH,
  ITEM_TITLE_MAX_LENGTH,
  LINKS_MAX,
  MINUTES_NEEDED_MAX,
  MINUTES_NEEDED_MIN,
  OUTCOME_GUIDANCE,
  OUTCOME_KINDS,
  type OutcomeKind,
} from "~/domain/agenda/agenda-item";
import { FormField } from "../form-field";

/** What the form needs of one of Conform's fields. */
export interface ItemFieldMetadata {
  key: string | undefined;
  id: string;
  name: string;
  errorId: string;
  errors: string[] | undefined;
  initialValue: unknown;
}

export type ItemFieldName =
  "title" | "outcomeKind" | "desiredOutcome" | "background" | "minutesNeeded" | "leadId" | "links";

export type ItemFormFields = Record<ItemFieldName, ItemFieldMetadata>;

/** One line under each kind, so the proposer picks the kind that matches what they want from the room. */
const KIND_HINTS: Record<OutcomeKind, string> = {
  decision: "The summit decides a question; state the question to decide.",
  consensus_check: "The room says whether it agrees with a proposal; state the proposal.",
  action_plan: "The summit agrees what is done, by whom and by when.",
  information: "The room learns something; no decision is sought.",
};

/** A field's value as a form control shows it: links may come back as a list. */
function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.filter((v) => typeof v === "string").join("\n");
  return "";
}

interface ItemFieldsProps {
  fields: ItemFormFields;
  /** Who may lead the discussion: the summit's possible leads (and the current lead when editing). */
  leads: ReadonlyArray<{ id: string; name: string }>;
  /**
   * Offer "Me (the proposer)" as the first choice (the new form); the edit
   * form names the current lead instead.
   */
  proposerChoice: boolean;
}

/**
 * The fields of an agenda item, shared by the proposal and the edit forms.
 * Each error is shown beside its field and tied to it for screen readers;
 * values come from Conform, so what was typed is kept after a refusal.
 */
export function ItemFields({ fields, leads, proposerChoice }: ItemFieldsProps) {
  const kind = fields.outcomeKind;
  const kindError = kind.errors?.[0];
  const chosenKind = textOf(kind.initialValue);
  const error = (name: ItemFieldName) => fields[name].errors?.[0];

  return (
    <>
      <FormField
        key={fields.title.key}
        id={fields.title.id}
        name={fields.title.name}
        label="Title"
        hint={`One line, at most ${ITEM_TITLE_MAX_LENGTH} characters.`}
        error={error("title")}
        errorId={fields.title.errorId}
        type="text"
        required
        defaultValue={textOf(fields.title.initialValue)}
      />

      <fieldset className="field" key={kind.key} aria-describedby={kindError ? kind.errorId : undefined}>
        <legend>Kind of outcome</legend>
        {OUTCOME_KINDS.map((option) => {
          const id = `${kind.id}-${option.value}`;
          return (
            <div key={option.value}>
              <input
                type="radio"
                id={id}
                name={kind.name}
                value={option.value}
                defaultChecked={chosenKind === option.value}
                aria-invalid={kindError ? true : undefined}
                aria-describedby={[kindError ? kind.errorId : null, `${id}-hint`].filter(Boolean).join(" ")}
              />{" "}
              <label htmlFor={id}>{option.label}</label>
              <p className="hint" id={`${id}-hint`}>
                {KIND_HINTS[option.value]}
              </p>
            </div>
          );
        })}
        {kindError ? (
          <p className="field-error" id={kind.errorId}>
            {kindError}
          </p>
        ) : null}
      </fieldset>

      <FormField
        key={fields.desiredOutcome.key}
        id={fields.desiredOutcome.id}
        label="Desired outcome"
        hint={`${OUTCOME_GUIDANCE} ${DESIRED_OUTCOME_MIN_LENGTH} to ${DESIRED_OUTCOME_MAX_LENGTH} characters.`}
        error={error("desiredOutcome")}
        errorId={fields.desiredOutcome.errorId}
        control={(props) => (
          <textarea
            {...props}
            name={fields.desiredOutcome.name}
            rows={3}
            required
            defaultValue={textOf(fields.desiredOutcome.initialValue)}
          />
        )}
      />

      <FormField
        key={fields.background.key}
        id={fields.background.id}
        label="Background (optional)"
        hint={`Markdown: paragraphs, lists, links and code. At most ${BACKGROUND_MAX_LENGTH.toLocaleString("en")} characters.`}
        error={error("background")}
        errorId={fields.background.errorId}
        control={(props) => (
          <textarea
            {...props}
            name={fields.background.name}
            rows={10}
            defaultValue={textOf(fields.background.initialValue)}
          />
        )}
      />

      <FormField
        key={fields.minutesNeeded.key}
        id={fields.minutesNeeded.id}
        name={fields.minutesNeeded.name}
        label="Time requested"
        hint={`In minutes, from ${MINUTES_NEEDED_MIN} to ${MINUTES_NEEDED_MAX}.`}
        error={error("minutesNeeded")}
        errorId={fields.minutesNeeded.errorId}
        type="number"
        inputMode="numeric"
        min={MINUTES_NEEDED_MIN}
        max={MINUTES_NEEDED_MAX}
        step={1}
        required
        defaultValue={textOf(fields.minutesNeeded.initialValue)}
      />

      <FormField
        key={fields.leadId.key}
        id={fields.leadId.id}
        label="Discussion lead"
        hint="Who leads the discussion in the room: the proposer, or an attendee, minute-taker or organizer of this summit."
        error={error("leadId")}
        errorId={fields.leadId.errorId}
        control={(props) => (
          <select {...props} name={fields.leadId.name} defaultValue={textOf(fields.leadId.initialValue)}>
            {proposerChoice ? <option value="">Me (the proposer)</option> : null}
            {leads.map((lead) => (
              <option key={lead.id} value={lead.id}>
                {lead.name}
              </option>
            ))}
          </select>
        )}
      />

      <FormField
        key={fields.links.key}
        id={fields.links.id}
        label="Links (optional)"
        hint={`One address per line, http or https: list threads, patches, documents. At most ${LINKS_MAX}.`}
        error={error("links")}
        errorId={fields.links.errorId}
        control={(props) => (
          <textarea
            {...props}
            name={fields.links.name}
            rows={4}
            autoCapitalize="off"
            spellCheck={false}
            defaultValue={textOf(fields.links.initialValue)}
          />
        )}
      />
    </>
  );
}
