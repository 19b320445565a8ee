import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { miniIdField, miniTextField, type TextFieldOptions } from "./text";
import { readConformForm, readFormFields, withoutIntent } from "./posted-form";

const messageOf = (result: { error?: { issues: Array<{ message: string }> } }) => result.error?.issues[0]?.message;

describe("miniTextField", () => {
  const field = miniTextField;
  const optional = (options: TextFieldOptions) => z._default(miniTextField(options), "");
  const title = field({ name: "A title", max: 10, required: "Enter a title." });
  const venue = optional({ name: "The venue", max: 10 });
  const statement = field({ name: "The statement", max: 20, multiline: true });

  it("trims and keeps plain text", () => {
    expect(title.parse("  QEMU  ")).toBe("QEMU");
    expect(title.parse("Ünïcødé 字")).toBe("Ünïcødé 字");
  });

  it("asks for a required field that is missing or blank", () => {
    expect(messageOf(title.safeParse(undefined))).toBe("Enter a title.");
    expect(messageOf(title.safeParse("   "))).toBe("Enter a title.");
  });

  it("lets an optional field be left out or empty", () => {
    expect(venue.parse(undefined)).toBe("");
    expect(venue.parse("  ")).toBe("");
  });

  it("bounds the length after trimming", () => {
    expect(title.parse(` ${"x".repeat(10)} `)).toBe("x".repeat(10));
    expect(messageOf(title.safeParse("x".repeat(11)))).toBe("A title has at most 10 characters.");
  });

  it.each(["\u0000", "a\u0000b", "a\u0007", "\u001bX", "a\u007f", "a\u000bb", "a\u000cb"])(
    "refuses the control characters in %j, in one-line and multi-line fields alike",
    (value) => {
      const message = "cannot contain control characters such as NUL; type or paste plain text.";
      expect(messageOf(title.safeParse(value))).toBe(`A title ${message}`);
      expect(messageOf(venue.safeParse(value))).toBe(`The venue ${message}`);
      expect(messageOf(statement.safeParse(value))).toBe(`The statement ${message}`);
    },
  );

  it.each(["a\nb", "a\r\nb", "a\tb", "a\u2028b"])("keeps %j out of a one-line field", (value) => {
    expect(messageOf(title.safeParse(value))).toBe("A title is one line.");
    expect(
      messageOf(field({ name: "The sign-off", max: 10, oneLineMessage: "One line, please." }).safeParse(value)),
    ).toBe("One line, please.");
  });

  it.each(["a\u202eb", "\u202aa", "a\u202d", "\u2066a\u2069", "a\u2068b"])(
    "refuses the direction control in %j in a title or a name",
    (value) => {
      const message =
        "cannot contain characters that change the direction of text (U+202A to U+202E, U+2066 to U+2069).";
      expect(messageOf(title.safeParse(value))).toBe(`A title ${message}`);
      expect(messageOf(field({ name: "A name", max: 20 }).safeParse(`Name ${value}`))).toBe(`A name ${message}`);
    },
  );

  it("takes right-to-left text and its marks in a title", () => {
    expect(field({ name: "A title", max: 30 }).parse("שלום \u200fעולם\u200e")).toBe("שלום \u200fעולם\u200e");
  });

  it("takes line breaks and tabs in a multi-line field", () => {
    expect(statement.parse("first\r\nsecond\tthird")).toBe("first\r\nsecond\tthird");
  });

  it("refuses what is not text", () => {
    expect(title.safeParse(42).success).toBe(false);
    expect(messageOf(venue.safeParse(["a", "b"]))).toBe("The venue must be text.");
  });
});

describe("miniIdField", () => {
  const id = miniIdField("This is not an invitation; reload the page.");
  it("takes a UUID", () => {
    expect(id.parse("febe08ef-e969-449b-b33d-af55963b6929")).toBe("febe08ef-e969-449b-b33d-af55963b6929");
  });

  it.each(["", "x", "febe08ef-e969-449b-b33d-af55963b6929\u0000", "t".repeat(20_001), "1; drop table invitation"])(
    "refuses %j with the message",
    (value) => {
      expect(messageOf(id.safeParse(value))).toBe("This is not an invitation; reload the page.");
    },
  );
});

describe("readConformForm", () => {
  const post = (body: string) =>
    new Request("http://localhost/x", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });

  it("passes a form whose field names conform can read", async () => {
    const form = await readConformForm(post("email=a%40b.org&next=%2F&intent=rename"));
    expect(form.get("email")).toBe("a@b.org");
  });

  it.each(["constructor=1", "__proto__=1", "x%5B=1", "prototype=1"])("refuses %s with 400", async (body) => {
    const thrown = await readConformForm(post(`email=a%40b.org&${body}`)).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
  });
});

describe("readFormFields", () => {
  const formOf = (entries: Array<[string, string | Blob]>) => {
    const form = new FormData();
    for (const [name, value] of entries) form.append(name, value);
    return form;
  };

  it("reads each text field once", () => {
    expect(
      readFormFields(
        formOf([
          ["title", "QEMU"],
          ["venue", ""],
        ]),
      ),
    ).toEqual({
      ok: true,
      fields: { title: "QEMU", venue: "" },
    });
  });

  it("refuses a field sent twice, and a file", () => {
    expect(
      readFormFields(
        formOf([
          ["title", "a"],
          ["title", "b"],
        ]),
      ),
    ).toEqual({
      ok: false,
      message: "The field “title” was sent more than once.",
    });
    expect(readFormFields(formOf([["title", new Blob(["x"])]]))).toEqual({
      ok: false,
      message: "The field “title” must be text.",
    });
  });
});

describe("withoutIntent", () => {
  it("keeps every field but the intent, repeated ones included", () => {
    const form = new FormData();
    form.append("intent", "add-rule");
    form.append("roles", "a");
    form.append("roles", "b");
    form.append("reason", "why");
    expect([...withoutIntent(form).entries()]).toEqual([
      ["roles", "a"],
      ["roles", "b"],
      ["reason", "why"],
    ]);
  });
});
