import { describe, expect, it } from "vitest";
import { triageMail, type TriageMailInput } from "./item-mail";

const BASE: TriageMailInput = {
  decision: "accepted",
  summitTitle: "QEMU Summit 2017",
  proposerName: "Gerd Hoffmann",
  item: { number: 3, title: "Firmware blobs" },
  note: null,
  link: "https://summit.example.org/summits/qemu-summit-2017/items/3",
  signOff: "-- PMM",
};

describe("triageMail", () => {
  it("tells the proposer an item was accepted, with its link and the summit's sign-off", () => {
    const mail = triageMail(BASE);
    expect(mail.subject).toBe("QEMU Summit 2017: item 3 accepted: Firmware blobs");
    expect(mail.body).toBe(
      [
        "Hello Gerd Hoffmann,",
        "",
        "the organizers of QEMU Summit 2017 accepted your agenda item 3:",
        "",
        "  Firmware blobs",
        "",
        "https://summit.example.org/summits/qemu-summit-2017/items/3",
        "",
        "-- PMM",
        "",
      ].join("\n"),
    );
  });

  it("quotes the organizers' reason for a decline, line by line, a blank line as a bare >", () => {
    const mail = triageMail({
      ...BASE,
      decision: "declined",
      note: "Out of scope this year.\n\nBring it to the list.",
    });
    expect(mail.subject).toBe("QEMU Summit 2017: item 3 declined: Firmware blobs");
    expect(mail.body).toContain(
      "declined your agenda item 3:\n\n  Firmware blobs\n\nThey say:\n\n> Out of scope this year.\n>\n> Bring it to the list.\n\nhttps://",
    );
  });

  it("asks for changes with the organizers' comment and points at the edit page", () => {
    const mail = triageMail({
      ...BASE,
      decision: "returned",
      note: "Say who will write the proposal.",
      link: `${BASE.link}/edit`,
    });
    expect(mail.subject).toBe("QEMU Summit 2017: item 3 returned for changes: Firmware blobs");
    expect(mail.body).toContain(
      "returned your item 3 for changes:\n\n  Firmware blobs\n\nThey ask:\n\n> Say who will write the proposal.\n\nEdit it and submit it again while proposals are open:\n\nhttps://summit.example.org/summits/qemu-summit-2017/items/3/edit\n",
    );
  });

  it("names the item a merged one joined", () => {
    const mail = triageMail({ ...BASE, decision: "merged", mergedInto: { number: 5, title: "Blobs and ROMs" } });
    expect(mail.subject).toBe("QEMU Summit 2017: item 3 merged: Firmware blobs");
    expect(mail.body).toContain("merged your agenda item 3:\n\n  Firmware blobs\n\ninto item 5:\n\n  Blobs and ROMs\n");
    expect(mail.body).toContain("You and its co-sponsors now support that item.");
  });

  it("keeps every line of its own words within 72 columns, whatever the titles' length", () => {
    const long = "x".repeat(120);
    for (const decision of ["accepted", "declined", "returned", "merged"] as const) {
      const mail = triageMail({
        ...BASE,
        decision,
        item: { number: 12, title: long },
        note: "Short.",
        mergedInto: { number: 13, title: long },
        summitTitle: "QEMU Summit 2017",
      });
      const own = mail.body.split("\n").filter((line) => !line.includes(long) && !line.startsWith("http"));
      expect(own.filter((line) => line.length > 72)).toEqual([]);
    }
  });

  it("signs as Summit when the summit has no sign-off, and leaves out an empty reason", () => {
    const mail = triageMail({ ...BASE, decision: "declined", signOff: "" });
    expect(mail.body).not.toContain("They say");
    expect(mail.body.endsWith("-- \nSummit\n")).toBe(true);
  });

  it("ends with the demo summit's sign-off after a single delimiter: -- PMM, never -- then -- PMM", () => {
    for (const decision of ["accepted", "declined", "returned", "merged"] as const) {
      const { body } = triageMail({ ...BASE, decision, note: "Noted.", mergedInto: { number: 5, title: "ROMs" } });
      expect(body.endsWith("\n\n-- PMM\n")).toBe(true);
      expect(body).not.toContain("-- \n-- PMM");
      expect(body.split("\n").filter((line) => line.startsWith("--"))).toEqual(["-- PMM"]);
    }
  });

  it("puts the delimiter before a sign-off that is not a signature yet", () => {
    expect(triageMail({ ...BASE, signOff: "Peter Maydell" }).body.endsWith("\n\n-- \nPeter Maydell\n")).toBe(true);
    expect(triageMail({ ...BASE, signOff: "--\nPMM" }).body.endsWith("\n\n-- \nPMM\n")).toBe(true);
  });

  it("leaves out a reason of only white space, and wraps a long one within the quote", () => {
    expect(triageMail({ ...BASE, decision: "declined", note: " \n\t" }).body).not.toContain("They say");
    const note = Array.from({ length: 30 }, (_, i) => `reason${i}`).join(" ");
    const quoted = triageMail({ ...BASE, decision: "declined", note })
      .body.split("\n")
      .filter((line) => line.startsWith(">"));
    expect(quoted.length).toBeGreaterThan(1);
    expect(quoted.every((line) => line.startsWith("> ") && line.length <= 72)).toBe(true);
    expect(quoted.map((line) => line.slice(2)).join(" ")).toBe(note);
  });

  it("wraps the sentences of a summit with a long title, and keeps no trailing space but the delimiter's", () => {
    const mail = triageMail({
      ...BASE,
      decision: "merged",
      summitTitle: "The Annual Gathering of the Maintainers of the QEMU Project, Prague 2017",
      proposerName: "Daniel P. Berrangé",
      mergedInto: { number: 5, title: "Blobs and ROMs" },
      signOff: "Peter",
    });
    const lines = mail.body.split("\n");
    expect(lines[0]).toBe("Hello Daniel P. Berrangé,");
    expect(lines.filter((line) => !line.startsWith("http") && line.length > 72)).toEqual([]);
    expect(lines.filter((line) => line !== "-- " && /\s$/.test(line))).toEqual([]);
    expect(mail.body).toContain("Prague 2017 merged your agenda item 3:\n\n  Firmware blobs\n\ninto item 5:");
  });
});
