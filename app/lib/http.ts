/** Responses thrown from loaders and actions; the root error boundary renders them as pages. */
export function forbidden(message = "You do not have permission to do that."): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export function notFound(message = "There is nothing at this address."): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

export function badRequest(message: string): Response {
  return new Response(message, { status: 400, statusText: "Bad Request" });
}

/** Only same-site paths may be redirect targets (no open redirects). */
export function safeRedirectPath(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) {
    return fallback;
  }
  return target;
}

/**
 * The confirmation named by `?notice=` after a redirect (post, redirect, get),
 * when it is one the page knows; anything else shows nothing.
 */
export function noticeFrom<K extends string>(
  url: URL,
  notices: Readonly<Record<K, string>>,
): { key: K; text: string } | null {
  const key = url.searchParams.get("notice");
  return key !== null && Object.prototype.hasOwnProperty.call(notices, key)
    ? { key: key as K, text: notices[key as K] }
    : null;
}

/** A service's refusal as a thrown response, for loaders that cannot show it in a form. */
export function refusalResponse(refusal: { status: number; message: string }): Response {
  return new Response(refusal.message, { status: refusal.status });
}
