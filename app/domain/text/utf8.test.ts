import { describe, expect, it } from "vitest";
import { decodeUtf8Text } from "./utf8";

const bytes = (...parts: Array<string | number[]>) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)));

describe("decodeUtf8Text", () => {
  it("reads UTF-8, dropping a byte-order mark", () => {
    expect(decodeUtf8Text(bytes([0xef, 0xbb, 0xbf], "Jörg Weiß\n王伟\n"))).toEqual({
      ok: true,
      text: "Jörg Weiß\n王伟\n",
    });
  });

  it("names the first line that is not UTF-8 instead of reading U+FFFD", () => {
    // "Jörg" in Latin-1 on line 3.
    expect(decodeUtf8Text(bytes("a\nb\nJ", [0xf6], "rg\nd\n"))).toEqual({ ok: false, line: 3 });
    expect(decodeUtf8Text(bytes([0xff]))).toEqual({ ok: false, line: 1 });
    expect(decodeUtf8Text(bytes("ok\n", [0xe2, 0x82]))).toEqual({ ok: false, line: 2 });
  });
});
