import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bullet,
  composeMail,
  MAIL_WIDTH,
  quote,
  signature,
  SIGNATURE_DELIMITER,
  textWidth,
  wordsOf,
  wrapParagraph,
} from "./plain-mail";

// Letters of one and two UTF-16 units, two-byte and three-byte UTF-8, a no-break space inside words.
const letter = fc.constantFrom("a", "b", "z", "Ł", "é", "ß", "中", "😀", "-", "/", ".", ":", "\u00a0");
const shortWord = fc.string({ unit: letter, minLength: 1, maxLength: 12 }).filter((w) => w.trim() !== "");
const longWord = fc.string({ unit: letter, minLength: 60, maxLength: 110 }).filter((w) => w.trim() !== "");
const word = fc.oneof({ weight: 8, arbitrary: shortWord }, { weight: 1, arbitrary: longWord });
const separator = fc.constantFrom(" ", "  ", "\t", "\n", " \n ", "\r\n");
/** Text of one paragraph: words with any white space but blank lines between them. */
const paragraphText = fc
  .tuple(fc.array(fc.tuple(word, separator), { maxLength: 60 }), fc.constantFrom("", " ", "\n"))
  .map(([pairs, end]) => pairs.map(([w, s]) => w + s).join("") + end);
const width = fc.integer({ min: 10, max: 100 });

const lines = (text: string) => text.split("\n");
const hasTrailingSpace = (line: string) => /[ \t]$/.test(line);

describe("textWidth", () => {
  it.each([
    ["Łukasz", 6],
    ["Berrangé", 8],
    ["Berrange\u0301", 8], // e and a combining accent: one character once composed
    ["Straße", 6],
    ["中文", 2],
    ["😀", 1],
    ["", 0],
  ])("%s is %i characters", (text, expected) => {
    expect(textWidth(text)).toBe(expected);
  });
});

describe("wrapParagraph", () => {
  it.each([
    { text: "", width: 72, out: "" },
    { text: "  \n\t ", width: 72, out: "" },
    { text: "one", width: 72, out: "one" },
    { text: "  one   two\tthree\n four  ", width: 72, out: "one two three four" },
    { text: "aaa bbb ccc", width: 7, out: "aaa bbb\nccc" },
    { text: "aaa bbb ccc", width: 6, out: "aaa\nbbb\nccc" },
    { text: "aaaaaaa", width: 7, out: "aaaaaaa" },
    // A word longer than the width is not broken: it stands alone, and the words around it do not join it.
    {
      text: "see https://summit.example.org/summits/qemu-summit-2017/items/3/edit now",
      width: 20,
      out: "see\nhttps://summit.example.org/summits/qemu-summit-2017/items/3/edit\nnow",
    },
    // Counted in characters: "Łukasz" fills 6 columns, though it takes 7 bytes.
    { text: "Łukasz Łukasz Łukasz", width: 13, out: "Łukasz Łukasz\nŁukasz" },
    { text: "Berrangé Berrangé", width: 17, out: "Berrangé Berrangé" },
    { text: "Berrangé Berrangé", width: 16, out: "Berrangé\nBerrangé" },
    // A no-break space keeps two words on one line.
    { text: "in 10\u00a0minutes", width: 9, out: "in\n10\u00a0minutes" },
    // A blank line separates paragraphs, which come out one blank line apart.
    { text: "one\ntwo\n\n\n  \nthree", width: 72, out: "one two\n\nthree" },
    { text: "one\r\ntwo\r\n\r\nthree", width: 72, out: "one two\n\nthree" },
  ])("wraps $text at $width", ({ text, width, out }) => {
    expect(wrapParagraph(text, width)).toBe(out);
  });

  it("wraps at 72 characters unless told otherwise", () => {
    const text = Array.from({ length: 40 }, (_, i) => `w${i}`).join(" ");
    const wrapped = lines(wrapParagraph(text));
    expect(wrapped.length).toBeGreaterThan(1);
    expect(Math.max(...wrapped.map(textWidth))).toBeLessThanOrEqual(MAIL_WIDTH);
    expect(textWidth(`${wrapped[0]} ${wrapped[1]!.split(" ")[0]}`)).toBeGreaterThan(MAIL_WIDTH);
  });

  it.each([[0], [-1], [2.5], [Number.NaN]])("refuses a width of %d", (w) => {
    expect(() => wrapParagraph("a b", w)).toThrow(RangeError);
  });

  it("never makes a line longer than the width, except a line of one long word", () => {
    fc.assert(
      fc.property(paragraphText, width, (text, w) => {
        for (const line of lines(wrapParagraph(text, w))) {
          if (textWidth(line) > w) expect(wordsOf(line)).toHaveLength(1);
        }
      }),
    );
  });

  it("keeps the input's words, in order", () => {
    fc.assert(
      fc.property(paragraphText, width, (text, w) => {
        expect(wordsOf(wrapParagraph(text, w))).toEqual(wordsOf(text));
      }),
    );
  });

  it("joins words by single spaces, with no space at either end of a line", () => {
    fc.assert(
      fc.property(paragraphText, width, (text, w) => {
        for (const line of lines(wrapParagraph(text, w))) {
          expect(line).not.toMatch(/^[ \t]|[ \t]$|[ \t]{2}|\t/);
        }
      }),
    );
  });

  it("fills each line: the next line's first word would not have fitted", () => {
    fc.assert(
      fc.property(paragraphText, width, (text, w) => {
        const out = lines(wrapParagraph(text, w));
        for (let i = 0; i + 1 < out.length; i++) {
          const next = wordsOf(out[i + 1]!)[0]!;
          expect(textWidth(out[i]!) + 1 + textWidth(next)).toBeGreaterThan(w);
        }
      }),
    );
  });

  it("leaves wrapped text as it is", () => {
    fc.assert(
      fc.property(paragraphText, width, (text, w) => {
        const once = wrapParagraph(text, w);
        expect(wrapParagraph(once, w)).toBe(once);
      }),
    );
  });

  it("keeps paragraphs apart and their words in order", () => {
    fc.assert(
      fc.property(fc.array(paragraphText, { maxLength: 5 }), width, (paragraphs, w) => {
        const withWords = paragraphs.filter((p) => wordsOf(p).length > 0);
        const out = wrapParagraph(withWords.join("\n\n"), w);
        const back = out === "" ? [] : out.split("\n\n");
        expect(back.map(wordsOf)).toEqual(withWords.map(wordsOf));
      }),
    );
  });
});

describe("bullet", () => {
  it("indents continuation lines to the text, three spaces for the default marker", () => {
    expect(
      bullet(
        "Peter will write up the proposal for a deprecation policy and send it to the list before the next release",
      ),
    ).toBe(
      [
        " * Peter will write up the proposal for a deprecation policy and send it",
        "   to the list before the next release",
      ].join("\n"),
    );
  });

  it.each([
    { text: "short", marker: " * ", width: 72, out: " * short" },
    { text: "aaa bbb ccc", marker: " * ", width: 10, out: " * aaa bbb\n   ccc" },
    { text: "aaa bbb ccc", marker: "  - ", width: 11, out: "  - aaa bbb\n    ccc" },
    { text: "Firmware blobs", marker: "  ", width: 72, out: "  Firmware blobs" },
    { text: "1. 2. 3.", marker: "10. ", width: 9, out: "10. 1. 2.\n    3." },
    { text: "Łukasz Łukasz", marker: " * ", width: 16, out: " * Łukasz Łukasz" },
    { text: "Łukasz Łukasz", marker: " * ", width: 15, out: " * Łukasz\n   Łukasz" },
    { text: "one\n\ntwo", marker: " * ", width: 72, out: " * one\n\n   two" },
    { text: "", marker: " * ", width: 72, out: " *" },
  ])("$text after $marker at $width", ({ text, marker, width, out }) => {
    expect(bullet(text, { marker, width })).toBe(out);
  });

  it("puts a word too long for the line on its own, after the indentation", () => {
    const url = `https://example.org/${"x".repeat(80)}`;
    expect(bullet(`see ${url} here`)).toBe(` * see\n   ${url}\n   here`);
  });

  it("refuses a marker that leaves no room", () => {
    expect(() => bullet("a", { marker: "1234", width: 4 })).toThrow(RangeError);
  });

  it("keeps its words in order, within the width unless a line holds one long word", () => {
    fc.assert(
      fc.property(paragraphText, fc.constantFrom(" * ", "  - ", "  ", "1. "), width, (text, marker, w) => {
        const out = lines(bullet(text, { marker, width: w }));
        const indent = " ".repeat(marker.length);
        const body = out.map((line, i) => (i === 0 ? line.slice(marker.length) : line.slice(indent.length)));
        if (wordsOf(text).length > 0) expect(out[0]!.startsWith(marker)).toBe(true);
        for (const line of out.slice(1)) expect(line === "" || line.startsWith(indent)).toBe(true);
        expect(body.flatMap(wordsOf)).toEqual(wordsOf(text));
        for (const line of out) {
          expect(hasTrailingSpace(line)).toBe(false);
          if (textWidth(line) > w) expect(wordsOf(line.slice(marker.length))).toHaveLength(1);
        }
      }),
    );
  });
});

describe("quote", () => {
  it.each([
    { text: "Out of scope this year.", out: "> Out of scope this year." },
    {
      text: "Out of scope this year.\n\nBring it to the list.",
      out: "> Out of scope this year.\n>\n> Bring it to the list.",
    },
    { text: "one\r\ntwo\rthree", out: "> one\n> two\n> three" },
    { text: "\n\n  indented stays  \n   \n", out: ">   indented stays" },
    { text: "> already quoted", out: "> > already quoted" },
    { text: "", out: "" },
    { text: " \n\t\n", out: "" },
  ])("quotes $text", ({ text, out }) => {
    expect(quote(text)).toBe(out);
  });

  it("wraps only a line too long to quote within 72 columns, keeping the others as written", () => {
    const long = Array.from({ length: 20 }, (_, i) => `word${i}`).join(" ");
    const out = lines(quote(`short  line\n${long}`));
    expect(out[0]).toBe("> short  line");
    expect(out.length).toBeGreaterThan(2);
    for (const line of out) expect(textWidth(line)).toBeLessThanOrEqual(72);
    expect(out.slice(1).flatMap((line) => wordsOf(line.slice(2)))).toEqual(wordsOf(long));
  });

  it("gives back the writer's lines when they fit, bar blank lines at either end and trailing spaces", () => {
    const line = fc.string({ unit: fc.oneof(letter, fc.constant(" ")), maxLength: 60 });
    const blank = (l: string) => l.trim() === "";
    const unquote = (l: string) => (l === ">" ? "" : l.slice(2));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (written) => {
        const expected = written.map((l) => (blank(l) ? "" : l.replace(/[ \t]+$/, "")));
        while (expected[0] === "") expected.shift();
        while (expected[expected.length - 1] === "") expected.pop();
        const out = quote(written.join("\n"));
        const quoted = out === "" ? [] : lines(out);
        for (const l of quoted) expect(l === ">" || l.startsWith("> ")).toBe(true);
        expect(quoted.map(unquote)).toEqual(expected);
      }),
    );
  });
});

describe("signature", () => {
  it.each([
    { signOff: "PMM", out: "-- \nPMM" },
    { signOff: "Peter Maydell\nQEMU Summit organizers", out: "-- \nPeter Maydell\nQEMU Summit organizers" },
    // The sign-off is already a signature: its own delimiter is the one, never "-- " then "-- PMM".
    { signOff: "-- PMM", out: "-- PMM" },
    { signOff: "--PMM", out: "-- PMM" },
    { signOff: "--   PMM  ", out: "-- PMM" },
    { signOff: "--\nPMM", out: "-- \nPMM" },
    { signOff: "-- \nPMM", out: "-- \nPMM" },
    { signOff: "--\r\nPeter  \r\nQEMU", out: "-- \nPeter\nQEMU" },
    { signOff: "\n\n  -- PMM\n\n", out: "-- PMM" },
    { signOff: "Summit  \n\n", out: "-- \nSummit" },
    // A closing line before the sign-off's own delimiter stays above it; no second delimiter is added.
    { signOff: "Thanks,\n-- \nThe organizers", out: "Thanks,\n-- \nThe organizers" },
    { signOff: "Thanks,\n--PMM", out: "Thanks,\n-- PMM" },
    // Only the first delimiter counts; later dashes are the signature's own text.
    { signOff: "-- PMM\n-- \nQEMU", out: "-- PMM\n--\nQEMU" },
    // Three dashes are a rule, not a delimiter.
    { signOff: "---\nPMM", out: "-- \n---\nPMM" },
    // Nothing to sign with: no block.
    { signOff: "", out: "" },
    { signOff: "  \n ", out: "" },
    { signOff: "--", out: "" },
    { signOff: "-- \n\n", out: "" },
  ])("signs $signOff", ({ signOff, out }) => {
    expect(signature(signOff)).toBe(out);
  });

  const signOff = fc.oneof(
    fc.string({ unit: fc.constantFrom("-", " ", "\n", "P", "M", "é", "\t"), maxLength: 20 }),
    fc.string({ maxLength: 30 }),
  );

  it("has one delimiter, first unless a closing line comes before it, and leaves a signature as it is", () => {
    fc.assert(
      fc.property(signOff, (text) => {
        const sig = signature(text);
        if (sig === "") return;
        const out = lines(sig);
        const at = out.findIndex((line) => /^--(?!-)/.test(line));
        expect(out[at]!.startsWith(SIGNATURE_DELIMITER)).toBe(true);
        expect(out.filter((line) => line === SIGNATURE_DELIMITER).length).toBeLessThanOrEqual(1);
        if (!/^\s*--(?!-)/m.test(text)) expect(at).toBe(0);
        // A delimiter is added only to a sign-off that has none.
        const delimiters = (t: string) => t.split(/\r?\n|\r/).filter((l) => /^--(?!-)/.test(l.trimStart())).length;
        expect(delimiters(sig)).toBe(Math.max(1, delimiters(text)));
        for (const line of out) if (line !== SIGNATURE_DELIMITER) expect(hasTrailingSpace(line)).toBe(false);
        expect(signature(sig)).toBe(sig);
      }),
    );
  });
});

describe("composeMail", () => {
  it("lays out a whole mail: greeting, paragraphs, bullets, a quote, a link and the signature", () => {
    const body = composeMail({
      greeting: "Hello Daniel Berrangé,",
      paragraphs: [
        "the organizers of QEMU Summit 2017 declined your agenda item 3, which asked for a decision on how the project ships firmware blobs:",
        { bullets: ["Firmware blobs"], marker: "  " },
        "They say:",
        { quote: "Out of scope this year.\n\nBring it to the list." },
        { link: "https://summit.example.org/summits/qemu-summit-2017/items/3/with/a/path/longer/than/the/line" },
        { lines: ["The link works until 2017-10-26 12:00 UTC.", "Forward this mail to nobody."] },
      ],
      signOff: "-- PMM",
    });
    expect(body).toBe(
      [
        "Hello Daniel Berrangé,",
        "",
        "the organizers of QEMU Summit 2017 declined your agenda item 3, which",
        "asked for a decision on how the project ships firmware blobs:",
        "",
        "  Firmware blobs",
        "",
        "They say:",
        "",
        "> Out of scope this year.",
        ">",
        "> Bring it to the list.",
        "",
        "https://summit.example.org/summits/qemu-summit-2017/items/3/with/a/path/longer/than/the/line",
        "",
        "The link works until 2017-10-26 12:00 UTC.",
        "Forward this mail to nobody.",
        "",
        "-- PMM",
        "",
      ].join("\n"),
    );
  });

  it("puts the delimiter before a plain sign-off", () => {
    expect(composeMail({ greeting: "Hello,", paragraphs: ["Body."], signOff: "Summit" })).toBe(
      "Hello,\n\nBody.\n\n-- \nSummit\n",
    );
  });

  it("lists reasons with the marker asked for, one bullet each", () => {
    const body = composeMail({
      paragraphs: [
        "You are invited because:",
        {
          bullets: [
            "top 20 contributor by commits over 2016-10-01 to 2017-09-30 (412 commits)",
            "maintainer of Block layer core",
          ],
          marker: "  - ",
        },
      ],
      signOff: "",
    });
    expect(body).toBe(
      [
        "You are invited because:",
        "",
        "  - top 20 contributor by commits over 2016-10-01 to 2017-09-30 (412",
        "    commits)",
        "  - maintainer of Block layer core",
        "",
      ].join("\n"),
    );
  });

  it("leaves out empty blocks and an empty sign-off, without doubling blank lines", () => {
    expect(
      composeMail({
        greeting: "",
        paragraphs: ["", { quote: "  " }, "Only this.", { bullets: [] }, { bullets: [" "] }, { lines: [] }],
        signOff: "",
      }),
    ).toBe("Only this.\n");
    expect(composeMail({ paragraphs: [], signOff: "" })).toBe("\n");
  });

  const block = fc.oneof(
    paragraphText,
    paragraphText.map((quoteText) => ({ quote: quoteText })),
    fc.array(paragraphText, { maxLength: 4 }).map((bullets) => ({ bullets })),
    longWord.map((link) => ({ link: `https://example.org/${link.replace(/\s/g, "")}` })),
    fc.array(paragraphText, { maxLength: 3 }).map((ls) => ({ lines: ls.map((l) => l.replace(/\s+/g, " ")) })),
  );

  it("ends with one line break, has no trailing spaces but the delimiter's, and keeps to 72 but for long words", () => {
    fc.assert(
      fc.property(
        fc.option(paragraphText, { nil: undefined }),
        fc.array(block, { maxLength: 6 }),
        fc.oneof(fc.constantFrom("", "-- PMM", "--\nPMM", "-- ", "Summit", "Peter\nQEMU"), shortWord),
        (greeting, paragraphs, signOff) => {
          const body = composeMail({ greeting, paragraphs, signOff });
          expect(body.endsWith("\n")).toBe(true);
          expect(body.endsWith("\n\n")).toBe(false);
          expect(body).not.toMatch(/\n\n\n/);
          expect(body).not.toContain("\r");
          const out = lines(body.slice(0, -1));
          expect(out.filter((l) => l === SIGNATURE_DELIMITER).length).toBeLessThanOrEqual(1);
          for (const line of out) {
            if (line !== SIGNATURE_DELIMITER) expect(hasTrailingSpace(line)).toBe(false);
            const content = line.replace(/^(> |[ *-]+ )/, "");
            if (textWidth(line) > MAIL_WIDTH) expect(wordsOf(content).length).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });
});
