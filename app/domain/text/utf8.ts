/** Text from bytes that must be UTF-8, or the first line where they are not. */
export type Utf8Text = { ok: true; text: string } | { ok: false; line: number };

/**
 * Decodes a file's bytes as UTF-8 (a byte-order mark is dropped). Bytes that
 * are not UTF-8 are never read as U+FFFD: the answer names the first line
 * holding them, so that the file can be converted and read again.
 */
export function decodeUtf8Text(bytes: Uint8Array): Utf8Text {
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const strict = new TextDecoder("utf-8", { fatal: true });
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== 0x0a) continue;
      try {
        strict.decode(bytes.subarray(start, i));
      } catch {
        return { ok: false, line };
      }
      line++;
      start = i + 1;
    }
    return { ok: false, line: line - 1 };
  }
}
