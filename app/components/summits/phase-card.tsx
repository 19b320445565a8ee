import { useForm } from "@conform-to/react";
import { Form, Link } from "@remix-run/react";
import { FormActions, SubmitButton } from "~/components/form-field";
import { parseWithZod } from "~/forms/conform";
import { MovePhaseFormSchema, withIntent } from "~/forms/summit";
import { HiddenFieldsNotice, type PageForm } from "./form-parts";

export interface PhaseMoveView {
  phase: string;
  label: string;
  allows: string;
}

interface PhaseCardProps {
  summit: { phase: string; phaseLabel: string; allows: string };
  forward: PhaseMoveView | null;
  back: PhaseMoveView | null;
  /** The move the organizer asked to confirm (`?confirm=`), if any. */
  confirm: (PhaseMoveView & { direction: "forward" | "back" }) | null;
  form: PageForm;
}

const schema = withIntent(MovePhaseFormSchema);

/**
 * Manage → Phase: where the summit is, and the moves from there. A move is
 * confirmed on a page of its own (a link), then posted with the phase the
 * organizer saw, so a move someone else made first is not applied twice.
 */
export function PhaseCard({ summit, forward, back, confirm, form: place }: PhaseCardProps) {
  const [form] = useForm({
    id: "move-phase",
    lastResult: place.lastResult,
    onValidate({ formData }) {
      return parseWithZod(formData, { schema });
    },
  });
  return (
    <section className="card" aria-labelledby="phase-heading">
      <h2 id="phase-heading">Phase: {summit.phaseLabel}</h2>
      <p>{summit.allows}</p>
      <HiddenFieldsNotice form={form} />
      {confirm ? (
        <section className="notice" aria-labelledby="confirm-heading">
          <h3 id="confirm-heading">
            Move {confirm.direction === "back" ? "back" : "forward"} to {confirm.label}?
          </h3>
          <p>{confirm.allows}</p>
          <p>Everyone sees the new phase at once, and the move is recorded in the audit log.</p>
          <Form method="post" action={place.action} id={form.id} onSubmit={form.onSubmit} noValidate>
            {place.intent}
            <input type="hidden" name="from" value={summit.phase} />
            <input type="hidden" name="to" value={confirm.phase} />
            <FormActions>
              <SubmitButton variant={confirm.direction === "back" ? "danger" : "primary"} disabled={place.busy}>
                Yes, move to {confirm.label}
              </SubmitButton>
              <Link to={place.action}>Cancel</Link>
            </FormActions>
          </Form>
        </section>
      ) : forward || back ? (
        <FormActions>
          {forward ? (
            <Link className="button" to={`${place.action}?confirm=forward`}>
              Move forward to {forward.label}…
            </Link>
          ) : null}
          {back ? (
            <Link className="button button--secondary" to={`${place.action}?confirm=back`}>
              Move back to {back.label}…
            </Link>
          ) : null}
        </FormActions>
      ) : (
        <p className="muted">Published is the last phase: the minutes are final and the phase no longer changes.</p>
      )}
    </section>
  );
}
