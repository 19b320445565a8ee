import { parseWithZod as conformParseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { parseWithZod } from "./conform";
import { EditItemFormSchema, NewItemFormSchema } from "./item-proposal";
import { ProfileFormSchema, SignInRequestFormSchema, SignInVerifyFormSchema } from "./sign-in";

/** A form as the browser posts it: absent fields are left out, empty ones are sent empty. */
function formOf(fields: Record<string, string | undefined>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.append(name, value);
  return form;
}

const PROPOSAL: Record<string, string> = {
  intent: "submit",
  title: "Release cadence",
  outcomeKind: "decision",
  desiredOutcome: "Choose between three and four releases a year, starting with the next one.",
  background: "",
  minutesNeeded: "30",
  leadId: "",
  links: "",
};

/** One field changed at a time, to each value a person (or a tampered form) may send. */
const PROPOSAL_VARIANTS: Array<Record<string, string | undefined>> = [
  {},
  ...Object.entries({
    intent: [undefined, "", "save-draft", "accept"],
    title: [undefined, "", "   ", "Firmware\nblobs", "t".repeat(121), "Firmware\u0000blobs"],
    outcomeKind: [undefined, "", "vote", "information"],
    desiredOutcome: [
      undefined,
      "",
      "TBD",
      "Release cadence",
      "Hear the news.",
      "The trees stay open during the freeze.",
    ],
    background: [undefined, "Some **Markdown**.", "b".repeat(20_001)],
    minutesNeeded: [undefined, "", "abc", "4", " 45 "],
    leadId: [undefined, "   ", "not-a-uuid", "3b241101-e2bb-4255-8caf-4136c566a962"],
    links: [undefined, "ftp://ftp.gnu.org/", "\nhttps://lists.gnu.org/a\n\n", "javascript:alert(1)"],
  }).flatMap(([name, values]) => values.map((value) => ({ [name]: value }))),
  { title: "", desiredOutcome: "TBD" },
  { minutesNeeded: "abc", desiredOutcome: "TBD" },
  { unexpected: "1" },
];

describe("parseWithZod", () => {
  it.each(PROPOSAL_VARIANTS)("answers the proposal form %j as Conform's own does", (fields) => {
    const form = formOf({ ...PROPOSAL, ...fields });
    expect(parseWithZod(form, { schema: NewItemFormSchema }).reply()).toEqual(
      conformParseWithZod(form, { schema: NewItemFormSchema }).reply(),
    );
  });

  it.each(PROPOSAL_VARIANTS)("answers the edit form %j as Conform's own does", (fields) => {
    const form = formOf({ ...PROPOSAL, intent: "save", revision: "2", ...fields });
    expect(parseWithZod(form, { schema: EditItemFormSchema }).reply()).toEqual(
      conformParseWithZod(form, { schema: EditItemFormSchema }).reply(),
    );
  });

  it.each([
    [SignInRequestFormSchema, { email: "" }],
    [SignInRequestFormSchema, { email: " Ada@Example.org ", next: "/profile" }],
    [SignInRequestFormSchema, { email: "not-an-address" }],
    [SignInRequestFormSchema, { email: "ada@example.org", isAdmin: "true" }],
    [SignInVerifyFormSchema, { token: "a".repeat(52) }],
    [SignInVerifyFormSchema, { token: "" }],
    [ProfileFormSchema, { intent: "update-display-name", displayName: "  " }],
    [ProfileFormSchema, { intent: "sign-out-everywhere" }],
    [ProfileFormSchema, {}],
  ] as const)("answers the account form %#: %j as Conform's own does", (schema, fields) => {
    const form = formOf(fields);
    expect(parseWithZod(form, { schema }).reply()).toEqual(conformParseWithZod(form, { schema }).reply());
  });

  it("gives the parsed value on success", () => {
    const submission = parseWithZod(formOf({ ...PROPOSAL, links: "https://lists.gnu.org/a" }), {
      schema: NewItemFormSchema,
    });
    expect(submission.status).toBe("success");
    expect(submission.status === "success" ? submission.value : null).toMatchObject({
      title: "Release cadence",
      minutesNeeded: 30,
      background: "",
      links: ["https://lists.gnu.org/a"],
    });
  });

  it("reads an empty field as missing and puts each message beside its field", () => {
    const submission = parseWithZod(formOf({ ...PROPOSAL, title: "", minutesNeeded: "" }), {
      schema: NewItemFormSchema,
    });
    expect(submission.status).toBe("error");
    expect(submission.status === "error" ? submission.error : null).toEqual({
      title: ["Enter a title."],
      minutesNeeded: ["Give the time requested, in minutes from 5 to 120."],
    });
  });
});
