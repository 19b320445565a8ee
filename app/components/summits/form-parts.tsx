import type { SubmissionResult } from "@conform-to/react";
import type { ReactNode } from "react";
import { Notice } from "~/components/notice";

/**
 * Where one of a page's forms posts and what it last heard: the route writes
 * the hidden `intent` field (so the page's intents stand beside its action)
 * and hands the form the reply its action gave, if the reply was for it.
 */
export interface PageForm {
  /** The URL the form posts to. */
  action: string;
  /** The hidden field naming the form, as `<input type="hidden" name="intent" value="…" />`. */
  intent: ReactNode;
  lastResult?: SubmissionResult<string[]> | null;
  busy: boolean;
}

/** What a form's notice needs of Conform's form metadata. */
export interface FormErrors {
  errorId: string;
  errors: string[] | undefined;
  allErrors: Record<string, string[]>;
}

/**
 * The refusal of a form whose fields are all hidden (a button with the values
 * it acts on): nothing is shown beside a field, so what is wrong with them is
 * said here, else the message over the form.
 */
export function HiddenFieldsNotice({ form }: { form: FormErrors }) {
  const fieldMessages = Object.entries(form.allErrors)
    .filter(([name]) => name !== "")
    .flatMap(([, messages]) => messages);
  const messages = fieldMessages.length > 0 ? fieldMessages : (form.errors ?? []);
  if (messages.length === 0) return null;
  return (
    <Notice tone="error" id={form.errorId}>
      {[...new Set(messages)].join(" ")}
    </Notice>
  );
}

/** The message over a form with visible fields, whose own messages stand beside them. */
export function FormNotice({ form }: { form: FormErrors }) {
  const message = form.errors?.[0];
  return message ? (
    <Notice tone="error" id={form.errorId}>
      {message}
    </Notice>
  ) : null;
}
