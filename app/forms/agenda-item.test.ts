import { describe, expect, it } from "vitest";
import {
  CosponsorFormSchema,
  EditItemFormSchema,
  ItemListQuerySchema,
  NewItemFormSchema,
  TriageFormSchema,
  WithdrawItemFormSchema,
} from "./agenda-item";

const LEAD_ID = "3b241101-e2bb-4255-8caf-4136c566a962";

/** A proposal as the browser posts it: every value is text. */
const PROPOSAL: Record<string, string> = {
  intent: "submit",
  title: "-next trees during the freeze",
  outcomeKind: "decision",
  desiredOutcome: "Decide whether maintainers keep their own -next trees during the freeze.",
  background: "Some maintainers keep a **-next** tree; others stop taking patches.",
  minutesNeeded: "30",
  leadId: "",
  links: "https://lists.gnu.org/archive/html/qemu-devel/2017-10/msg01.html",
};

const EDIT: Record<string, string> = { ...PROPOSAL, intent: "save", revision: "1" };

type Schema = typeof NewItemFormSchema | typeof EditItemFormSchema;

/** The message beside each refused field (the first per field). */
function errorsOf(schema: Schema | typeof TriageFormSchema, input: unknown): Record<string, string> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = issue.code === "unrecognized_keys" ? "(form)" : issue.path.map(String).join(".") || "(form)";
    errors[key] ??= issue.message;
  }
  return errors;
}

describe.each([
  ["NewItemFormSchema", NewItemFormSchema, PROPOSAL],
  ["EditItemFormSchema", EditItemFormSchema, EDIT],
] as const)("%s", (_name, schema, valid) => {
  const withFields = (fields: Record<string, string | undefined>) => {
    const input: Record<string, string> = { ...valid };
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) delete input[key];
      else input[key] = value;
    }
    return input;
  };

  describe("accepts", () => {
    it("a complete item, trimmed, with minutes as a number and links as a list", () => {
      const parsed = schema.parse(withFields({ title: "  -next trees during the freeze  ", minutesNeeded: " 30 " }));
      expect(parsed).toMatchObject({
        title: "-next trees during the freeze",
        outcomeKind: "decision",
        desiredOutcome: "Decide whether maintainers keep their own -next trees during the freeze.",
        minutesNeeded: 30,
        links: ["https://lists.gnu.org/archive/html/qemu-devel/2017-10/msg01.html"],
      });
      expect(parsed.leadId).toBeUndefined();
    });

    it("only the required fields: background, lead and links may be left out", () => {
      const parsed = schema.parse(withFields({ background: undefined, leadId: undefined, links: undefined }));
      expect(parsed).toMatchObject({ background: "", links: [] });
      expect(parsed.leadId).toBeUndefined();
    });

    it.each([
      [
        "information",
        "qemu.org hosting update",
        "Hear where qemu.org is hosted now and what a CDN sponsor would change.",
      ],
      [
        "action_plan",
        "Firmware blobs",
        "Find a volunteer to post a proposal for firmware blobs outside the repository.",
      ],
      [
        "consensus_check",
        "Summit inclusion",
        "Should we open the summit to anyone who proposes an item with an outcome?",
      ],
      ["decision", "Release cadence", "Choose between three and four releases a year, starting with the next one."],
    ])("every kind of outcome stated well (%s)", (outcomeKind, title, desiredOutcome) => {
      expect(schema.safeParse(withFields({ outcomeKind, title, desiredOutcome })).success).toBe(true);
    });

    it.each(["5", "120", "45", "060"])("time requested %j", (minutesNeeded) => {
      expect(schema.parse(withFields({ minutesNeeded })).minutesNeeded).toBe(Number(minutesNeeded));
    });

    it("a lead chosen from the list", () => {
      expect(schema.parse(withFields({ leadId: LEAD_ID })).leadId).toBe(LEAD_ID);
      expect(schema.parse(withFields({ leadId: ` ${LEAD_ID} ` })).leadId).toBe(LEAD_ID);
    });

    it.each(["", "   "])("an empty lead (%j) as no lead: the proposer leads", (leadId) => {
      const parsed = schema.parse(withFields({ leadId }));
      expect(parsed.leadId).toBeUndefined();
      expect("leadId" in parsed && parsed.leadId !== undefined).toBe(false);
    });

    it("links one per line, ignoring blank lines and white space around them, each once", () => {
      const parsed = schema.parse(
        withFields({
          links: "\n  https://lists.gnu.org/a  \r\n\r\n   \nhttp://wiki.qemu.org/Planning\nHTTPS://Lists.GNU.org/a\n\n",
        }),
      );
      expect(parsed.links).toEqual(["https://lists.gnu.org/a", "http://wiki.qemu.org/Planning"]);
    });

    it("ten links", () => {
      const links = Array.from({ length: 10 }, (_, i) => `https://lists.example.org/thread/${i}`).join("\n");
      expect(schema.parse(withFields({ links })).links).toHaveLength(10);
    });

    it("a background of 20,000 characters, on many lines", () => {
      const background = `${"a".repeat(9_999)}\n${"b".repeat(10_000)}`;
      expect(schema.parse(withFields({ background })).background).toHaveLength(20_000);
    });
  });

  describe("refuses, with the message beside the field", () => {
    it("a missing desired outcome, saying how to write one", () => {
      for (const desiredOutcome of [undefined, "", "   "]) {
        const errors = errorsOf(schema, withFields({ desiredOutcome }));
        expect(errors.desiredOutcome).toMatch(/^Enter the desired outcome\. Say what the summit should decide/);
      }
    });

    it.each(["TBD", "tbd", "T.B.D.", "discuss", "Discuss.", "n/a", "see title", "To be discussed"])(
      "the placeholder %j",
      (desiredOutcome) => {
        const errors = errorsOf(schema, withFields({ desiredOutcome }));
        expect(errors.desiredOutcome).toMatch(/^A placeholder such as “discuss” or “TBD” is not an outcome\. Say what/);
      },
    );

    it("an outcome that only repeats the title", () => {
      const errors = errorsOf(
        schema,
        withFields({
          title: "Firmware blobs",
          outcomeKind: "information",
          desiredOutcome: "Discuss the firmware blobs",
        }),
      );
      expect(errors.desiredOutcome).toMatch(/^The desired outcome only repeats the title\./);
    });

    it("a decision that states no question", () => {
      const errors = errorsOf(
        schema,
        withFields({ desiredOutcome: "Maintainers keep their own trees open during the whole freeze period." }),
      );
      expect(errors.desiredOutcome).toMatch(/^A decision states the question to decide/);
    });

    it("a consensus check that states no proposal", () => {
      const errors = errorsOf(
        schema,
        withFields({
          outcomeKind: "consensus_check",
          desiredOutcome: "The summit is open to people beyond the maintainers.",
        }),
      );
      expect(errors.desiredOutcome).toMatch(/^A consensus check states the proposal/);
    });

    it("an outcome under 20 or over 500 characters", () => {
      expect(
        errorsOf(schema, withFields({ outcomeKind: "information", desiredOutcome: "Hear the news." })).desiredOutcome,
      ).toMatch(/at least 20 characters/);
      const long = `Decide whether ${"we keep the trees open ".repeat(30)}`;
      expect(errorsOf(schema, withFields({ desiredOutcome: long })).desiredOutcome).toMatch(/at most 500 characters/);
    });

    it.each(["4", "121", "0", "abc", "20.5", "-5", "", "1e1", "30 minutes"])("time requested %j", (minutesNeeded) => {
      expect(errorsOf(schema, withFields({ minutesNeeded }))).toEqual({
        minutesNeeded: "Give the time requested as a whole number of minutes from 5 to 120.",
      });
    });

    it("missing minutes", () => {
      expect(errorsOf(schema, withFields({ minutesNeeded: undefined })).minutesNeeded).toMatch(/time requested/);
    });

    it.each([
      ["javascript:alert(1)", /not an http or https address/],
      ["data:text/html,<script>alert(1)</script>", /not an http or https address/],
      ["ftp://ftp.gnu.org/gnu/qemu/", /not an http or https address/],
      ["JaVaScRiPt:alert(1)", /not an http or https address/],
      ["mailto:qemu-devel@nongnu.org", /not an http or https address/],
      ["lists.gnu.org/archive", /not a web address/],
      ["https://user:secret@lists.gnu.org/", /user name or password/],
      ["https://lists.gnu.org/a b", /contains a space/],
    ])("the link %j", (link, message) => {
      const errors = errorsOf(schema, withFields({ links: `https://lists.gnu.org/ok\n${link}` }));
      expect(errors.links).toMatch(/^Link 2 /);
      expect(errors.links).toMatch(message);
    });

    it("more than ten links", () => {
      const links = Array.from({ length: 11 }, (_, i) => `https://lists.example.org/thread/${i}`).join("\n");
      expect(errorsOf(schema, withFields({ links }))).toEqual({ links: "An item has at most 10 links." });
    });

    it("a key the form does not have (the schema is strict)", () => {
      expect(schema.safeParse({ ...valid, status: "accepted" }).success).toBe(false);
      expect(schema.safeParse({ ...valid, proposerId: LEAD_ID }).success).toBe(false);
      expect(Object.keys(errorsOf(schema, { ...valid, unexpected: "1" }))).toEqual(["(form)"]);
    });

    it.each([
      ["title", "Firmware\u0000blobs"],
      ["title", "Firmware\u0007blobs"],
      ["desiredOutcome", "Decide whether\u001b[31m maintainers keep their own trees."],
      ["background", "A line\u0000"],
      ["links", "https://lists.gnu.org/\u0000"],
    ])("a control character in %s", (field, value) => {
      expect(errorsOf(schema, withFields({ [field]: value }))[field]).toMatch(/control characters/);
    });

    it("a title on two lines, or over 120 characters", () => {
      expect(errorsOf(schema, withFields({ title: "Firmware\nblobs" })).title).toBe("A title is one line.");
      expect(errorsOf(schema, withFields({ title: `${"t".repeat(121)}` })).title).toBe(
        "A title has at most 120 characters.",
      );
      expect(errorsOf(schema, withFields({ title: "   " })).title).toBe("Enter a title.");
    });

    it("a background of 20,001 characters", () => {
      expect(errorsOf(schema, withFields({ background: "b".repeat(20_001) })).background).toBe(
        "The background has at most 20000 characters.",
      );
    });

    it.each(["not-a-uuid", "1", "3b241101-e2bb-4255-8caf-4136c566a96", "' or 1=1 --"])(
      "a lead that is not an id from the list (%j)",
      (leadId) => {
        expect(errorsOf(schema, withFields({ leadId }))).toEqual({
          leadId: "Choose the discussion lead from the list.",
        });
      },
    );

    it.each(["vote", "", "Decision"])("the kind of outcome %j", (outcomeKind) => {
      expect(errorsOf(schema, withFields({ outcomeKind })).outcomeKind).toBe(
        "Choose the kind of outcome the item seeks.",
      );
    });

    it("a value that is not text", () => {
      expect(schema.safeParse({ ...valid, title: 42 }).success).toBe(false);
      expect(schema.safeParse({ ...valid, links: ["https://lists.gnu.org/"] }).success).toBe(false);
    });

    it("a placeholder outcome even when another field is wrong too: every problem shows at once", () => {
      for (const other of [{ minutesNeeded: "abc" }, { links: "ftp://ftp.gnu.org/" }, { title: "t".repeat(121) }]) {
        const errors = errorsOf(schema, withFields({ ...other, desiredOutcome: "TBD" }));
        expect(Object.keys(errors).sort(), JSON.stringify(other)).toEqual(
          [Object.keys(other)[0]!, "desiredOutcome"].sort(),
        );
      }
    });
  });
});

describe("the intents of the item forms", () => {
  it("proposing: submit or keep a draft", () => {
    expect(NewItemFormSchema.parse({ ...PROPOSAL, intent: "save-draft" }).intent).toBe("save-draft");
    expect(errorsOf(NewItemFormSchema, { ...PROPOSAL, intent: "save" })).toMatchObject({
      intent: "Choose to submit or keep a draft.",
    });
    expect(errorsOf(NewItemFormSchema, { ...PROPOSAL, intent: "accept" }).intent).toBeDefined();
  });

  it("editing: save or submit, from the revision the editor started from", () => {
    expect(EditItemFormSchema.parse({ ...EDIT, intent: "submit", revision: "12" })).toMatchObject({
      intent: "submit",
      revision: 12,
    });
    expect(errorsOf(EditItemFormSchema, { ...EDIT, intent: "save-draft" }).intent).toBe("Choose to save or submit.");
    for (const revision of [undefined, "", "0", "01", "-1", "1.5", "abc", "1234567"]) {
      const input: Record<string, string | undefined> = { ...EDIT, revision };
      if (revision === undefined) delete input.revision;
      expect(errorsOf(EditItemFormSchema, input).revision, String(revision)).toBe(
        "This form is incomplete; reload the page.",
      );
    }
  });

  it("a proposal cannot carry a revision, nor an edit go without one", () => {
    expect(NewItemFormSchema.safeParse({ ...PROPOSAL, revision: "1" }).success).toBe(false);
    const { revision: _revision, ...withoutRevision } = EDIT;
    expect(EditItemFormSchema.safeParse(withoutRevision).success).toBe(false);
  });

  it("withdrawing and co-sponsoring take nothing but their intent", () => {
    expect(WithdrawItemFormSchema.safeParse({ intent: "withdraw" }).success).toBe(true);
    expect(WithdrawItemFormSchema.safeParse({ intent: "withdraw", number: "1" }).success).toBe(false);
    expect(WithdrawItemFormSchema.safeParse({ intent: "submit" }).success).toBe(false);
    expect(CosponsorFormSchema.safeParse({ intent: "cosponsor" }).success).toBe(true);
    expect(CosponsorFormSchema.safeParse({ intent: "unsponsor" }).success).toBe(true);
    expect(CosponsorFormSchema.safeParse({ intent: "cosponsor", userId: LEAD_ID }).success).toBe(false);
    expect(CosponsorFormSchema.safeParse({ intent: "+1" }).success).toBe(false);
    expect(CosponsorFormSchema.safeParse({}).success).toBe(false);
  });
});

describe("TriageFormSchema", () => {
  it.each([
    [
      { intent: "accept", number: "3" },
      { intent: "accept", number: 3 },
    ],
    [
      { intent: "reopen", number: " 12 " },
      { intent: "reopen", number: 12 },
    ],
    [
      { intent: "decline", number: "4", reason: "  Covered by item 2.  " },
      { intent: "decline", number: 4, reason: "Covered by item 2." },
    ],
    [
      { intent: "return", number: "5", comment: "State the question:\nkeep or drop the -next trees?" },
      { intent: "return", number: 5, comment: "State the question:\nkeep or drop the -next trees?" },
    ],
    [
      { intent: "merge", number: "6", into: "2" },
      { intent: "merge", number: 6, into: 2 },
    ],
  ])("accepts %j", (input, output) => {
    expect(TriageFormSchema.parse(input)).toEqual(output);
  });

  it("refuses a decline without a reason, or with a blank one", () => {
    expect(errorsOf(TriageFormSchema, { intent: "decline", number: "4" })).toEqual({
      reason: "Say why the item is declined; the proposer reads it.",
    });
    expect(errorsOf(TriageFormSchema, { intent: "decline", number: "4", reason: "  \n " })).toEqual({
      reason: "Say why the item is declined; the proposer reads it.",
    });
  });

  it("refuses a return without a comment", () => {
    expect(errorsOf(TriageFormSchema, { intent: "return", number: "4", comment: "" })).toEqual({
      comment: "Say what the proposer should change.",
    });
  });

  it("refuses a reason over 2,000 characters or with control characters", () => {
    expect(errorsOf(TriageFormSchema, { intent: "decline", number: "4", reason: "r".repeat(2_001) }).reason).toBe(
      "The reason has at most 2000 characters.",
    );
    expect(errorsOf(TriageFormSchema, { intent: "decline", number: "4", reason: "no\u0000" }).reason).toMatch(
      /control characters/,
    );
  });

  it.each(["abc", "", "0", "03", "-2", "2.5", "1e3", "1234567890"])("refuses a merge into %j", (into) => {
    expect(errorsOf(TriageFormSchema, { intent: "merge", number: "6", into }).into).toMatch(
      /whole number|by its number/,
    );
  });

  it("refuses a merge without a target, and an item number that is not a number", () => {
    expect(errorsOf(TriageFormSchema, { intent: "merge", number: "6" })).toEqual({
      into: "Name the item by its number.",
    });
    expect(errorsOf(TriageFormSchema, { intent: "accept", number: "three" })).toEqual({
      number: "An item number is a whole number such as 3.",
    });
  });

  it("refuses an unknown intent and a field another intent takes (strict)", () => {
    expect(TriageFormSchema.safeParse({ intent: "delete", number: "3" }).success).toBe(false);
    expect(TriageFormSchema.safeParse({ number: "3" }).success).toBe(false);
    expect(TriageFormSchema.safeParse({ intent: "accept", number: "3", reason: "fine" }).success).toBe(false);
    expect(TriageFormSchema.safeParse({ intent: "decline", number: "3", reason: "x", into: "2" }).success).toBe(false);
    expect(TriageFormSchema.safeParse({ intent: "merge", number: "3", into: "2", comment: "x" }).success).toBe(false);
  });
});

describe("ItemListQuerySchema", () => {
  const DEFAULTS = { lead: "", q: "", sort: "newest", page: 1 };

  it("reads the filters people choose", () => {
    expect(
      ItemListQuerySchema.parse({
        status: "accepted",
        kind: "action_plan",
        lead: " Bonzini ",
        q: "  firmware blobs ",
        sort: "cosponsors",
        page: "3",
      }),
    ).toEqual({
      status: "accepted",
      kind: "action_plan",
      lead: "Bonzini",
      q: "firmware blobs",
      sort: "cosponsors",
      page: 3,
    });
  });

  it("has defaults for an empty query", () => {
    expect(ItemListQuerySchema.parse({})).toEqual(DEFAULTS);
  });

  it.each([
    { status: "deleted" },
    { status: "" },
    { kind: "vote" },
    { lead: "l".repeat(101) },
    { lead: "   " },
    { q: "q".repeat(201) },
    { sort: "oldest" },
    { sort: "" },
    { page: "0" },
    { page: "-1" },
    { page: "abc" },
    { page: "1.5" },
    { page: "100001" },
    { page: "" },
  ])("falls back to no filter on %j", (query) => {
    expect(ItemListQuerySchema.parse(query)).toEqual(DEFAULTS);
  });

  it("keeps the good filters when others are bad", () => {
    expect(ItemListQuerySchema.parse({ status: "merged", kind: "x", sort: "x", page: "2" })).toEqual({
      status: "merged",
      lead: "",
      q: "",
      sort: "newest",
      page: 2,
    });
  });
});
