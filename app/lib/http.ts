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

/** Stands in for the app's origin while a path is normalised: only paths that stay on it pass. */
const PATH_BASE = "https://summit.invalid";

/**
 * Only same-site paths may be redirect targets (no open redirects). The path
 * is judged as a browser will read it: a URL parser drops tabs and line
 * breaks and reads `\` as `/`, so `/\t/evil.example` becomes
 * `//evil.example`, another site. The answer is the normalised path.
 */
export function safeRedirectPath(target: unknown, fallback = "/"): string {
  if (typeof target !== "string" || !target.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(target, PATH_BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== PATH_BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Read again, the normalised path must mean the same (`/.//evil.example` normalises to `//evil.example`).
  return path.startsWith("//") || new URL(path, PATH_BASE).origin !== PATH_BASE ? fallback : path;
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
