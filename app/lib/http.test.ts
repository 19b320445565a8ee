import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./http";

describe("safeRedirectPath", () => {
  it.each([
    ["/summits/qemu-2017/items?status=accepted#item-3", "/summits/qemu-2017/items?status=accepted#item-3"],
    ["/profile", "/profile"],
    ["/a/../b", "/b"],
    ["/a b", "/a%20b"],
    // Escaped, these stay one path on this site: the browser asks for it as written.
    ["/%09/evil.example", "/%09/evil.example"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("keeps the same-site path %j as %j", (target, expected) => {
    expect(safeRedirectPath(target, "FALLBACK")).toBe(expected);
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/.//evil.example",
    "/..//evil.example",
    "https://evil.example/",
    "evil.example",
    "",
    "javascript:alert(1)",
  ])("falls back for %j, which a browser would read as another site or no path", (target) => {
    expect(safeRedirectPath(target, "FALLBACK")).toBe("FALLBACK");
  });

  it("falls back for what is not text", () => {
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath(["/a"], "")).toBe("");
  });
});
