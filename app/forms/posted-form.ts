// Reading a posted form before any schema sees it. No schema is built here and
// nothing runs on import, so a page's module may import this without bringing
// Zod into the browser: only what validates there loads it.

/**
 * Reads a posted form for a schema parsed through conform, which drops field
 * names it cannot map to a value (`constructor`, `__proto__`, `x[`) before Zod
 * sees them; such a form is refused here instead of passing half-read.
 */
export async function readConformForm(request: Request): Promise<FormData> {
  const formData = await request.formData().catch(() => new FormData());
  const dropped = [...new Set(formData.keys())].filter(
    (name) => !/^[A-Za-z][A-Za-z0-9_-]*$/.test(name) || name === "constructor" || name === "prototype",
  );
  if (dropped.length > 0) {
    throw new Response(`This form does not take ${dropped.map((name) => `“${name}”`).join(", ")}.`, {
      status: 400,
      statusText: "Bad Request",
    });
  }
  return formData;
}

export type FormFields = { ok: true; fields: Record<string, string> } | { ok: false; message: string };

/**
 * The text fields of a posted form. A field sent twice or a file is refused
 * rather than silently resolved one way or the other.
 */
export function readFormFields(formData: FormData): FormFields {
  const fields: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string") return { ok: false, message: `The field “${key}” must be text.` };
    if (Object.prototype.hasOwnProperty.call(fields, key)) {
      return { ok: false, message: `The field “${key}” was sent more than once.` };
    }
    fields[key] = value;
  }
  return { ok: true, fields };
}

/**
 * The fields a form's schema reads: everything but the `intent` field that
 * names which form of the page was sent (the route reads it; the schema does not).
 */
export function withoutIntent(formData: FormData): FormData {
  const fields = new FormData();
  for (const [name, value] of formData.entries()) if (name !== "intent") fields.append(name, value);
  return fields;
}
