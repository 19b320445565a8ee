import type { InputHTMLAttributes, ReactNode } from "react";

/** What a field's control takes so that its label, hint and error belong to it. */
export interface FieldControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "children" | "aria-invalid" | "aria-describedby">;

export interface FormFieldProps extends InputProps {
  /** The control's id; the hint is `${id}-hint`. */
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  /** Defaults to `${id}-error`, the scheme Conform's `field.errorId` follows too. */
  errorId?: string;
  /** For a textarea or select: renders it from the attributes that tie it to the label, hint and error. */
  control?: (props: FieldControlProps) => ReactNode;
}

/**
 * A labelled control with its hint and error. Assistive technology reads the
 * error first, then the hint; the control is marked invalid only while an
 * error is shown. Any other prop goes to the `<input>`.
 */
export function FormField({
  id,
  label,
  hint,
  error,
  errorId = `${id}-error`,
  control,
  type = "text",
  ...input
}: FormFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const shownErrorId = error ? errorId : undefined;
  const controlProps: FieldControlProps = {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": [shownErrorId, hintId].filter(Boolean).join(" ") || undefined,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {control ? (
        control(controlProps)
      ) : (
        <input
          id={id}
          type={type}
          {...input}
          aria-invalid={controlProps["aria-invalid"]}
          aria-describedby={controlProps["aria-describedby"]}
        />
      )}
      {error ? (
        <p className="field-error" id={shownErrorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The row of a form's buttons. */
export function FormActions({ children }: { children: ReactNode }) {
  return <div className="form-actions">{children}</div>;
}

const BUTTON_CLASS = {
  primary: "button",
  secondary: "button button--secondary",
  danger: "button button--danger",
  link: "link-button",
} as const;

interface SubmitButtonProps {
  children: ReactNode;
  variant?: keyof typeof BUTTON_CLASS;
  /** Set while the form is submitting, so a second press does not send it twice. */
  disabled?: boolean;
}

export function SubmitButton({ children, variant = "primary", disabled }: SubmitButtonProps) {
  return (
    <button type="submit" className={BUTTON_CLASS[variant]} disabled={disabled}>
      {children}
    </button>
  );
}
