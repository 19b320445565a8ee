/**
 * Shows Markdown that has already been rendered and sanitised.
 *
 * `html` MUST be the return value of `renderMarkdown` from `~/lib/markdown.server`, called in a
 * loader on the server; never pass any other string. This is the one place in the app that
 * inserts HTML, so every rendered text goes through the same sanitiser.
 */
export function RenderedMarkdown({ html }: { html: string }) {
  return (
    // eslint-disable-next-line react/no-danger -- the one sanitised wrapper: html comes from renderMarkdown
    <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />
  );
}
