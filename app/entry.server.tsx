import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceContext } from "./components/nonce";
import { loggablePath } from "./lib/log.server";

/**
 * Every page is rendered whole, to one string: no route defers data, so a
 * stream would only add work per request (React's stream, a pass-through, a
 * Node-to-web stream conversion and an abort timer that kept each render alive
 * for seconds after it was sent). A render error is thrown to Remix, which
 * renders the error boundary instead.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  if (Object.keys(remixContext.staticHandlerContext.activeDeferreds ?? {}).length > 0) {
    throw new Error("Summit renders whole pages: a loader must not defer its data.");
  }
  const html = renderToString(
    <NonceContext.Provider value={loadContext.nonce}>
      <RemixServer context={remixContext} url={request.url} />
    </NonceContext.Provider>,
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  // As bytes: a string body is first checked for lone surrogates, one more pass over the whole page.
  return new Response(Buffer.from(`<!DOCTYPE html>${html}`), { headers: responseHeaders, status: responseStatusCode });
}
/** Errors thrown in loaders and actions are logged with the request id; the visitor sees the error boundary only. */
export function handleError(error: unknown, { request, context }: { request: Request; context: AppLoadContext }) {
  if (request.signal.aborted) return;
  // Thrown responses (404, 403 …) are answers, not faults: the request log has them.
  if (isRouteErrorResponse(error)) return;
  context.log.error({ err: error, path: loggablePath(new URL(request.url).pathname) }, "route error");
}
