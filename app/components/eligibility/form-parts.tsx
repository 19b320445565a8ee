import { Notice } from "~/components/notice";

/** What a form's message needs of Conform's form metadata. */
export interface FormErrors {
  errorId: string;
  errors: string[] | undefined;
  allErrors: Record<string, string[]>;
}

/**
 * The message over a refused form, followed by any message about a field the
 * form does not show, so that none is lost.
 */
export function FormMessage({ form, shown }: { form: FormErrors; shown: readonly string[] }) {
  const elsewhere = Object.entries(form.allErrors)
    .filter(([name]) => name !== "" && !shown.includes(name))
    .flatMap(([, messages]) => messages);
  const messages = [...(form.errors ?? []), ...elsewhere];
  if (messages.length === 0) return null;
  return (
    <Notice tone="error" id={form.errorId}>
      {messages.join(" ")}
    </Notice>
  );
}

/** A field's value as a form control shows it; a repeated field gives its first value. */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return textOf(value[0]);
  return "";
}

/** The values of a field that may repeat (tick boxes of one name). */
export function valuesOf(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return [];
}

/** What FormField needs of one of Conform's fields. */
export interface FieldMetadata {
  key: string | undefined;
  id: string;
  name: string;
  errorId: string;
  errors: string[] | undefined;
  initialValue: unknown;
}

/** The FormField props of a Conform field: its id, name, error (tied by its id) and the value to show. */
export function fieldProps(field: FieldMetadata) {
  return {
    id: field.id,
    name: field.name,
    errorId: field.errorId,
    error: field.errors?.[0],
    defaultValue: textOf(field.initialValue),
  };
}
