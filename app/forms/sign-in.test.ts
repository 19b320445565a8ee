import { describe, expect, it } from "vitest";
import { ProfileFormSchema, SignInRequestFormSchema, SignInVerifyFormSchema, SignOutFormSchema } from "./sign-in";

const token = "a".repeat(52);

describe("SignInRequestFormSchema", () => {
  it("normalises the address", () => {
    expect(SignInRequestFormSchema.parse({ email: "  Ada@Example.ORG " })).toEqual({ email: "ada@example.org" });
  });

  it.each([
    [{}, "Enter your email address."],
    [{ email: "" }, "Enter an email address."],
    [{ email: "not-an-email" }, "Enter a plain email address such as name@example.org."],
    [{ email: "Ada <ada@example.org>" }, "Enter a plain email address such as name@example.org."],
    [{ email: "a@b.org\r\nBcc: x@y.org" }, "Enter a plain email address such as name@example.org."],
    [{ email: `${"a".repeat(250)}@example.org` }, "An email address has at most 254 characters."],
  ])("refuses %j with a specific message", (input, message) => {
    const result = SignInRequestFormSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe(message);
    expect(result.error?.issues[0]?.path).toEqual(["email"]);
  });

  it("refuses unknown fields (no mass assignment)", () => {
    const result = SignInRequestFormSchema.safeParse({ email: "ada@example.org", isAdmin: "true" });
    expect(result.success).toBe(false);
  });

  it("bounds the return path", () => {
    expect(SignInRequestFormSchema.safeParse({ email: "ada@example.org", next: `/${"x".repeat(1000)}` }).success).toBe(
      false,
    );
  });
});

describe("SignInVerifyFormSchema", () => {
  it("accepts a well-formed token", () => {
    expect(SignInVerifyFormSchema.parse({ token, next: "/profile" })).toEqual({ token, next: "/profile" });
  });

  it.each([{}, { token: "short" }, { token: token.toUpperCase() }, { token: `${token}a` }, { token, extra: "1" }])(
    "refuses %j",
    (input) => {
      expect(SignInVerifyFormSchema.safeParse(input).success).toBe(false);
    },
  );
});

describe("ProfileFormSchema", () => {
  it("trims a display name", () => {
    expect(ProfileFormSchema.parse({ intent: "update-display-name", displayName: "  Ada  " })).toEqual({
      intent: "update-display-name",
      displayName: "Ada",
    });
  });

  it.each([
    [{ intent: "update-display-name", displayName: "   " }, "Enter the name other people see."],
    [{ intent: "update-display-name", displayName: "x".repeat(101) }, "A display name has at most 100 characters."],
    [{ intent: "update-display-name", displayName: "Ada\nLovelace" }, "A display name is one line of plain text."],
  ])("refuses %j", (input, message) => {
    const result = ProfileFormSchema.safeParse(input);
    expect(result.error?.issues[0]?.message).toBe(message);
  });

  it("refuses unknown intents and extra fields", () => {
    expect(ProfileFormSchema.safeParse({ intent: "make-admin" }).success).toBe(false);
    expect(ProfileFormSchema.safeParse({ intent: "sign-out-everywhere", userId: "x" }).success).toBe(false);
    expect(
      ProfileFormSchema.safeParse({ intent: "update-display-name", displayName: "Ada", isAdmin: "true" }).success,
    ).toBe(false);
  });
});

describe("SignOutFormSchema", () => {
  it("takes no fields", () => {
    expect(SignOutFormSchema.safeParse({}).success).toBe(true);
    expect(SignOutFormSchema.safeParse({ userId: "x" }).success).toBe(false);
  });
});
