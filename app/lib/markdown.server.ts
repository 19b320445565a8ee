import { LRUCache } from "lru-cache";
import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

/** The only link targets an item may carry: absolute web addresses and mail addresses. */
const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;
const LINK_REL = "nofollow noopener noreferrer";

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

// markdown-it's own check only blocks a few schemes; relative and protocol-relative links are refused
// too, so a refused link stays visible as the text that was typed.
markdown.validateLink = (url: string) => SAFE_HREF.test(url);

// Item pages already use h1 and h2, so Markdown headings start two levels lower.
markdown.core.ruler.push("demote_headings", (state) => {
  for (const token of state.tokens) {
    if (token.type === "heading_open" || token.type === "heading_close") {
      const level = Number(token.tag.slice(1));
      token.tag = `h${Math.min(level + 2, 6)}`;
    }
  }
});

// A second, independent line of defence: whatever markdown-it emits is filtered through an allowlist.
const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "em",
    "strong",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
  ],
  allowedAttributes: { a: ["href", "title", "rel"], ol: ["start"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    h1: "h3",
    h2: "h4",
    a: (_tagName, attribs) => {
      const href = attribs.href ?? "";
      // A link without a safe absolute target loses its href: an <a> without one goes nowhere. (Renaming
      // it to a disallowed tag instead would make sanitize-html close a later link with that name.)
      if (!SAFE_HREF.test(href)) return { tagName: "a", attribs: {} };
      const kept: Record<string, string> = { href, rel: LINK_REL };
      if (attribs.title !== undefined) kept.title = attribs.title;
      return { tagName: "a", attribs: kept };
    },
  },
};

/**
 * Renders an item's Markdown (background, notes) to HTML that is safe to insert into a page:
 * raw HTML in the text is shown as text, only http, https and mailto links survive, and every
 * link carries rel="nofollow noopener noreferrer". A pure function of the text.
 */
export function renderMarkdown(text: string): string {
  let html = rendered.get(text);
  if (html === undefined) {
    html = sanitizeRenderedHtml(markdown.render(text));
    rendered.set(text, html);
  }
  return html;
}

/**
 * Rendering is a pure function of the text, and the same texts are shown over
 * and over (an item's page is read far more often than it is edited): the
 * last 500 texts are kept rendered.
 */
const rendered = new LRUCache<string, string>({ max: 500 });

/** The allowlist filter on its own, exported so tests can show it holds even against raw HTML. */
export function sanitizeRenderedHtml(html: string): string {
  return sanitizeHtml(html, sanitizeOptions);
}
