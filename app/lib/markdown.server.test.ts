import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderMarkdown, sanitizeRenderedHtml } from "./markdown.server";

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  p: [],
  br: [],
  em: [],
  strong: [],
  s: [],
  code: [],
  pre: [],
  blockquote: [],
  ul: [],
  ol: ["start"],
  li: [],
  a: ["href", "title", "rel"],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  hr: [],
  table: [],
  thead: [],
  tbody: [],
  tr: [],
  th: [],
  td: [],
};

/**
 * Text in the output escapes every "<", so each "<...>" is a real tag. Fails the test when a tag or
 * attribute is outside the allowlist, an attribute is an event handler, or a link has an unsafe target.
 */
function expectOnlySafeMarkup(html: string): void {
  expect(html).not.toMatch(/<script/i);
  for (const [tag] of html.matchAll(/<[^>]*>/g)) {
    const name = /^<\/?([a-z0-9]+)/i.exec(tag)?.[1]?.toLowerCase();
    expect(name, tag).toBeDefined();
    const allowed = ALLOWED_ATTRIBUTES[name ?? ""];
    expect(allowed, `tag <${name}> is not allowed`).toBeDefined();
    expect(tag).not.toMatch(/\son\w+\s*=/i);
    const body = tag.replace(/^<\/?[a-z0-9]+/i, "").replace(/\s*\/?>$/, "");
    const attributes = [...body.matchAll(/\s*([^\s=]+)(?:="([^"]*)")?/g)];
    // Everything between the tag name and ">" must be well-formed name="value" pairs.
    expect(attributes.map((match) => match[0]).join(""), tag).toBe(body);
    for (const [, attribute, value] of attributes) {
      expect(allowed, `attribute ${attribute} on <${name}>`).toContain(attribute);
      if (attribute === "href") expect(value).toMatch(/^(?:https?:\/\/|mailto:)/);
    }
    if (name === "a" && tag.includes(" href=")) expect(tag).toContain('rel="nofollow noopener noreferrer"');
  }
}

const XSS_CORPUS = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
  "<img src=x onerror=alert(1)>",
  "[x](javascript:alert(1))",
  "[x](JaVaScRiPt:alert(1))",
  "[x](java&#x09;script:alert(1))",
  "[x](&#106;avascript:alert(1))",
  "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[x](vbscript:msgbox(1))",
  "<svg onload=alert(1)>",
  '<a href="javascript:alert(1)">x</a>',
  '<iframe src="https://evil.example"></iframe>',
  "<style>body{display:none}</style>",
  "[x](//evil.example)",
  "[x](/relative/path)",
  "<javascript:alert(1)>",
  "&lt;script&gt;alert(1)&lt;/script&gt;",
  "&#60;script&#62;alert(1)&#60;/script&#62;",
  '[x](https://ok.example/"onmouseover="alert(1))',
  '[x](<https://ok.example/" onmouseover="alert(1)>)',
  '[x](https://ok.example "a" onmouseover="alert(1)")',
  "![x](https://evil.example/beacon.png)",
  "![x](javascript:alert(1))",
  "[x]: javascript:alert(1)\n\n[x]",
  '<div style="background:url(javascript:alert(1))">x</div>',
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  "`<script>`",
  "```\n</code><script>alert(1)</script>\n```",
];

describe("renderMarkdown", () => {
  it("renders paragraphs, emphasis and inline code", () => {
    expect(renderMarkdown("One *two* **three** `four`.\n\nFive.")).toBe(
      "<p>One <em>two</em> <strong>three</strong> <code>four</code>.</p>\n<p>Five.</p>\n",
    );
  });

  it("renders lists, keeping an ordered list's start", () => {
    expect(renderMarkdown("- a\n- b")).toBe("<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
    expect(renderMarkdown("3. c\n4. d")).toBe('<ol start="3">\n<li>c</li>\n<li>d</li>\n</ol>\n');
  });

  it("renders code blocks without the language class, escaping their content", () => {
    expect(renderMarkdown("```c\nint *p = &x; /* <b> */\n```")).toBe(
      "<pre><code>int *p = &amp;x; /* &lt;b&gt; */\n</code></pre>\n",
    );
  });

  it("renders quotes, rules and tables without alignment styles", () => {
    expect(renderMarkdown("> quoted")).toBe("<blockquote>\n<p>quoted</p>\n</blockquote>\n");
    expect(renderMarkdown("a\n\n---\n\nb")).toBe("<p>a</p>\n<hr />\n<p>b</p>\n");
    const table = renderMarkdown("| a | b |\n|:--|--:|\n| 1 | 2 |");
    expect(table).toContain("<table>");
    expect(table).toContain("<th>a</th>");
    expect(table).toContain("<td>2</td>");
    expect(table).not.toContain("style");
  });

  it("demotes headings so they sit under the page's own h1 and h2", () => {
    expect(renderMarkdown("# One\n\n## Two\n\n### Three\n\n#### Four\n\n###### Six")).toBe(
      "<h3>One</h3>\n<h4>Two</h4>\n<h5>Three</h5>\n<h6>Four</h6>\n<h6>Six</h6>\n",
    );
  });

  it("renders http, https and mailto links with rel nofollow noopener noreferrer", () => {
    expect(renderMarkdown('[thread](https://lists.example.org/t/1 "The thread")')).toBe(
      '<p><a href="https://lists.example.org/t/1" rel="nofollow noopener noreferrer" title="The thread">thread</a></p>\n',
    );
    expect(renderMarkdown("[old](http://example.org/a?b=1&c=2)")).toBe(
      '<p><a href="http://example.org/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">old</a></p>\n',
    );
    expect(renderMarkdown("[mail](mailto:qemu-devel@nongnu.org)")).toBe(
      '<p><a href="mailto:qemu-devel@nongnu.org" rel="nofollow noopener noreferrer">mail</a></p>\n',
    );
  });

  it("links bare addresses and autolinks", () => {
    const html = renderMarkdown("See https://lore.kernel.org/x, <https://example.org/y> or ask kwolf@redhat.com.");
    expect(html).toContain('<a href="https://lore.kernel.org/x" rel="nofollow noopener noreferrer">');
    expect(html).toContain('<a href="https://example.org/y" rel="nofollow noopener noreferrer">');
    expect(html).toContain('<a href="mailto:kwolf@redhat.com" rel="nofollow noopener noreferrer">kwolf@redhat.com</a>');
  });

  it.each([
    ["[x](javascript:alert(1))"],
    ["[x](JaVaScRiPt:alert(1))"],
    ["[x](vbscript:msgbox(1))"],
    ["[x](data:text/html;base64,PHNjcmlwdD4=)"],
    ["[x](//evil.example)"],
    ["[x](/relative)"],
    ["[x](#fragment)"],
    ["[x](ftp://files.example.org)"],
  ])("refuses the link in %s and keeps what was typed as text", (source) => {
    const html = renderMarkdown(source);
    expect(html).not.toContain("<a");
    expect(html).toContain("[x](");
  });

  it("shows raw HTML as escaped text", () => {
    expect(renderMarkdown("<script>alert(1)</script>")).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
    expect(renderMarkdown("<img src=x onerror=alert(1)>")).toBe("<p>&lt;img src=x onerror=alert(1)&gt;</p>\n");
    expect(renderMarkdown('Use <b>bold</b> and <a href="javascript:alert(1)">x</a>')).toBe(
      '<p>Use &lt;b&gt;bold&lt;/b&gt; and &lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;</p>\n',
    );
    expect(renderMarkdown("&lt;script&gt; &#60;script&#62;")).toBe("<p>&lt;script&gt; &lt;script&gt;</p>\n");
  });

  it("never turns a quote in a link into a new attribute", () => {
    expect(renderMarkdown('[x](https://ok.example/"onmouseover="alert(1))')).toBe(
      '<p><a href="https://ok.example/%22onmouseover=%22alert(1)" rel="nofollow noopener noreferrer">x</a></p>\n',
    );
  });

  it.each(XSS_CORPUS.map((source) => [source]))("renders %j without markup that can run script", (source) => {
    expectOnlySafeMarkup(renderMarkdown(source));
  });

  it("holds for random text mixed with the corpus", () => {
    const fragment = fc.oneof(
      fc.constantFrom(...XSS_CORPUS),
      fc.constantFrom("<", ">", '"', "'", "&", "&#", ";", "[", "](", ")", "\n\n", "`", "*", "javascript:", "on"),
      fc.string({ maxLength: 20 }),
      fc.string({ unit: "grapheme", maxLength: 20 }),
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 12 }), (parts) => {
        expectOnlySafeMarkup(renderMarkdown(parts.join("")));
      }),
      { numRuns: 500 },
    );
  });

  it("renders a 20,000-character background in full", () => {
    const paragraph = "Block layer *status*: see https://lists.example.org/t/42 and `qemu-img`.\n\n";
    const source = paragraph.repeat(Math.floor(20_000 / paragraph.length));
    expect(source.length).toBeLessThanOrEqual(20_000);
    expect(source.length).toBeGreaterThan(19_900);
    const html = renderMarkdown(source);
    const count = Math.floor(20_000 / paragraph.length);
    expect(html.match(/<p>/g)).toHaveLength(count);
    expect(html.match(/<em>status<\/em>/g)).toHaveLength(count);
    expect(
      html.match(/<a href="https:\/\/lists\.example\.org\/t\/42" rel="nofollow noopener noreferrer">/g),
    ).toHaveLength(count);
    expectOnlySafeMarkup(html);
  });
});

describe("sanitizeRenderedHtml (the second line of defence)", () => {
  it("removes scripts, frames, images, styles and event handlers even from raw HTML", () => {
    expect(
      sanitizeRenderedHtml('<p onclick="alert(1)" class="x" style="color:red">a</p><script>alert(1)</script>'),
    ).toBe("<p>a</p>");
    expect(sanitizeRenderedHtml('<img src=x onerror=alert(1)><iframe src="https://e.example"></iframe>')).toBe("");
    expect(sanitizeRenderedHtml("<svg onload=alert(1)><circle /></svg><style>*{}</style>ok")).toBe("ok");
  });

  it("keeps only absolute http, https and mailto links, and adds rel", () => {
    expect(sanitizeRenderedHtml('<a href="https://e.example" target="_blank" rel="opener">a</a>')).toBe(
      '<a href="https://e.example" rel="nofollow noopener noreferrer">a</a>',
    );
    for (const href of ["javascript:alert(1)", "java&#x09;script:alert(1)", "//evil.example", "/relative", "data:,x"]) {
      expect(sanitizeRenderedHtml(`<a href="${href}" title="t">a</a>`)).toBe("<a>a</a>");
    }
    // A refused link must not disturb the markup of the links after it.
    expect(sanitizeRenderedHtml('<p><a href="/r">a</a> <a href="https://e.example">b</a></p>')).toBe(
      '<p><a>a</a> <a href="https://e.example" rel="nofollow noopener noreferrer">b</a></p>',
    );
  });

  it("demotes h1 and h2", () => {
    expect(sanitizeRenderedHtml("<h1>a</h1><h2>b</h2>")).toBe("<h3>a</h3><h4>b</h4>");
  });
});

describe("renderMarkdown's memory of texts it rendered", () => {
  it("gives the same HTML for a text the second time, and after many other texts pushed it out", () => {
    const text = "**Deprecation** policy: see <https://wiki.qemu.org/Features/LegacyRemoval>";
    const first = renderMarkdown(text);
    expect(first).toContain("<strong>Deprecation</strong>");
    expect(renderMarkdown(text)).toBe(first);
    for (let i = 0; i < 600; i++) expect(renderMarkdown(`item ${i} *note*`)).toBe(`<p>item ${i} <em>note</em></p>\n`);
    expect(renderMarkdown(text)).toBe(first);
  });
});
