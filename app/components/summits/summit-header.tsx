import { NavLink } from "@remix-run/react";

export interface PhaseStepView {
  phase: string;
  label: string;
  state: "done" | "current" | "upcoming";
}

/** The summit's phases in order, the current one marked. */
export function PhaseStepper({ steps }: { steps: readonly PhaseStepView[] }) {
  return (
    <ol className="phases" aria-label="Phases of this summit">
      {steps.map((step) => (
        <li
          key={step.phase}
          className={step.state === "done" ? "done" : undefined}
          aria-current={step.state === "current" ? "step" : undefined}
        >
          {step.label}
          {step.state === "done" ? <span className="visually-hidden"> (done)</span> : null}
        </li>
      ))}
    </ol>
  );
}

/** The pages of a summit the viewer may open; shown only when there is more than the overview. */
export function SummitTabs({ tabs, home }: { tabs: ReadonlyArray<{ to: string; label: string }>; home: string }) {
  if (tabs.length <= 1) return null;
  return (
    <nav aria-label="This summit" className="tabs">
      <ul>
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink to={tab.to} end={tab.to === home}>
              {tab.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
