// Reading a posted form before any schema sees it. No schema is built here and
// nothing runs on import, so a page's module may import this without bringing
// Zod into the browser: only what validates there loads it.

import { decodeUtf8Text } from "~/domain/text/utf8";

function badForm(message: string): Response {
  return new Response(message, { status: 400, statusText: "Bad Request" });
}

const isUtf8 = (bytes: Uint8Array) => decodeUtf8Text(bytes).ok;

/** The bytes a name or value of an urlencoded body stands for: `+` is a space, `%XX` one byte. */
function percentDecoded(part: string): Uint8Array {
  const input = new TextEncoder().encode(part.replace(/\+/g, " "));
  const output = new Uint8Array(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const hex = input[i] === 0x25 ? String.fromCharCode(input[i + 1] ?? 0, input[i + 2] ?? 0) : "";
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      output[length++] = parseInt(hex, 16);
      i += 2;
    } else {
      output[length++] = input[i]!;
    }
  }
  return output.subarray(0, length);
}

/** Bytes as the characters of the same codes (ISO-8859-1), so that byte offsets are string offsets. */
function latin1(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return text;
}

function bytesOf(latin1Text: string): Uint8Array {
  return Uint8Array.from(latin1Text, (char) => char.charCodeAt(0));
}

/**
 * Whether each part of a multipart body that is not a file is UTF-8: its
 * headers (the field's name) and its value. Files are judged where they are
 * read (an import says what it takes).
 */
function multipartTextIsUtf8(bytes: Uint8Array, boundary: string): boolean {
  const parts = latin1(bytes).split(`--${boundary}`).slice(1);
  for (const part of parts) {
    if (part.startsWith("--")) break;
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd < 0) continue;
    const head = part.slice(0, headerEnd);
    if (!isUtf8(bytesOf(head))) return false;
    if (/;\s*filename\*?=/i.test(head)) continue;
    const value = part.slice(headerEnd + 4).replace(/\r\n$/, "");
    if (!isUtf8(bytesOf(value))) return false;
  }
  return true;
}

/**
 * A posted form's fields, read from an `application/x-www-form-urlencoded`
 * body (what Summit's forms send, with or without JavaScript) or a multipart
 * one (an upload), whose text is UTF-8 throughout. A name or value that is not
 * would be read with U+FFFD in place of its bytes and stored so; it is refused
 * (400) instead, as is a body of any other kind. An empty body with no type
 * is an empty form.
 */
export async function readFormBody(request: Request): Promise<FormData> {
  const contentType = request.headers.get("Content-Type") ?? "";
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  // A body cut off on its way in (over the size limit, or the client gone) is not an empty form.
  const bytes = new Uint8Array(
    await request.arrayBuffer().catch(() => {
      throw badForm("The form did not arrive whole; send it again.");
    }),
  );
  if (type === "" && bytes.length === 0) return new FormData();
  if (type === "multipart/form-data") {
    const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
    const name = boundary?.[1] ?? boundary?.[2];
    if (!name) throw badForm("This upload could not be read; reload the page and send it again.");
    if (!multipartTextIsUtf8(bytes, name)) {
      throw badForm("This form holds text that is not valid UTF-8; type or paste it again.");
    }
    return new Response(bytes, { headers: { "Content-Type": contentType } }).formData().catch(() => {
      throw badForm("This upload could not be read; reload the page and send it again.");
    });
  }
  if (type !== "application/x-www-form-urlencoded") {
    throw badForm("This form could not be read; reload the page and send it again.");
  }
  const decoded = decodeUtf8Text(bytes);
  const body = decoded.ok ? decoded.text : null;
  if (body === null || !body.split(/[&=]/).every((part) => !part.includes("%") || isUtf8(percentDecoded(part)))) {
    throw badForm("This form holds text that is not valid UTF-8; type or paste it again.");
  }
  const formData = new FormData();
  for (const [name, value] of new URLSearchParams(body)) formData.append(name, value);
  return formData;
}

/**
 * Reads a posted form for a schema parsed through conform, which drops field
 * names it cannot map to a value (`constructor`, `__proto__`, `x[`) before Zod
 * sees them; such a form is refused here instead of passing half-read.
 */
export async function readConformForm(request: Request): Promise<FormData> {
  const formData = await readFormBody(request);
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
