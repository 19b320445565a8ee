import { parseWithZod } from "./conform";
import type { $ZodType } from "zod/v4/core";

/**
 * A service's refusal of a form as Conform's reply (the one way every form shows a refused action): the message over
 * the form, each field's message beside it, and everything typed kept.
 */
export function refusalReply(
  formData: FormData,
  schema: $ZodType,
  refusal: { message: string; fieldErrors?: Record<string, string> },
) {
  const fieldErrors: Record<string, string[]> = {};
  for (const [name, message] of Object.entries(refusal.fieldErrors ?? {})) {
    // "form" holds the message already shown over the form.
    if (name !== "form") fieldErrors[name] = [message];
  }
  return parseWithZod(formData, { schema }).reply({ formErrors: [refusal.message], fieldErrors });
}
