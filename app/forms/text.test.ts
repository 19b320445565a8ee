import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { miniIdField, miniTextField, type TextFieldOptions } from "./text";
import { readConformForm, readFormBody, readFormFields, withoutIntent } from "./posted-form";

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

describe("readFormBody", () => {
  const post = (body: BodyInit, contentType?: string) =>
    new Request("https://summit.example.org/x", {
      method: "POST",
      body,
      headers: contentType ? { "Content-Type": contentType } : {},
    });
  const URLENCODED = "application/x-www-form-urlencoded";
  const refusal = async (request: Request) => {
    try {
      await readFormBody(request);
    } catch (error) {
      if (error instanceof Response) return { status: error.status, text: await error.text() };
      throw error;
    }
    return null;
  };

  it("reads UTF-8 text, escaped or not, as the browser sent it", async () => {
    const form = await readFormBody(
      post("title=%C3%9Cn%C3%AFc%C3%B8d%C3%A9+%E5%AD%97+%F0%9F%98%80&x=a%2Bb", URLENCODED),
    );
    expect(form.get("title")).toBe("Ünïcødé 字 😀");
    expect(form.get("x")).toBe("a+b");
    const raw = await readFormBody(post(new TextEncoder().encode("title=Ünïcødé"), URLENCODED));
    expect(raw.get("title")).toBe("Ünïcødé");
  });

  it.each(["title=%FF", "title=a%80b", "title=%E2%82", "title=%ED%A0%80", "%FF=x", "title=%C3"])(
    "refuses %j, whose bytes are not UTF-8, instead of reading U+FFFD",
    async (body) => {
      expect(await refusal(post(body, URLENCODED))).toEqual({
        status: 400,
        text: "This form holds text that is not valid UTF-8; type or paste it again.",
      });
    },
  );

  it("refuses a raw byte that is not UTF-8", async () => {
    expect((await refusal(post(Uint8Array.from([0x74, 0x3d, 0xff]), URLENCODED)))?.status).toBe(400);
  });

  it("checks a multipart body's text fields and leaves its files to the reader", async () => {
    const part = (head: string, value: Uint8Array) =>
      new Uint8Array([...new TextEncoder().encode(`--b\r\n${head}\r\n\r\n`), ...value, 0x0d, 0x0a]);
    const body = (...parts: Uint8Array[]) =>
      new Uint8Array([...parts.flatMap((p) => [...p]), ...new TextEncoder().encode("--b--\r\n")]);
    const type = "multipart/form-data; boundary=b";
    const text = part('Content-Disposition: form-data; name="kind"', new TextEncoder().encode("shortlog é"));
    const file = part('Content-Disposition: form-data; name="file"; filename="x.txt"', Uint8Array.from([0xff, 0x41]));
    const read = await readFormBody(post(body(text, file), type));
    expect(read.get("kind")).toBe("shortlog é");
    expect(read.get("file")).toBeInstanceOf(File);
    const bad = part('Content-Disposition: form-data; name="kind"', Uint8Array.from([0x41, 0xff]));
    expect((await refusal(post(body(bad), type)))?.status).toBe(400);
  });

  it("reads an empty body with no type as an empty form, and refuses other kinds of body", async () => {
    const empty = new Request("https://summit.example.org/x", { method: "POST" });
    expect([...(await readFormBody(empty)).keys()]).toEqual([]);
    expect((await refusal(post('{"title":"x"}', "application/json")))?.status).toBe(400);
    expect((await refusal(post("title=x", "text/plain")))?.status).toBe(400);
  });
});
