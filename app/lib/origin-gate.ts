/**
 * CSRF defence for every state-changing request (Remix 2 has none of its own).
 * Browsers send Sec-Fetch-Site on every request; older ones send Origin on
 * POSTs. A request is let through only when one of them proves it came from
 * this app's own pages; when both are missing it is refused.
 */
export type OriginVerdict = { allowed: true } | { allowed: false; reason: string };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isStateChanging(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export function checkRequestOrigin(
  headers: { secFetchSite: string | null; origin: string | null },
  appOrigin: string,
): OriginVerdict {
  if (headers.secFetchSite) {
    return headers.secFetchSite === "same-origin"
      ? { allowed: true }
      : { allowed: false, reason: `Sec-Fetch-Site is ${headers.secFetchSite}` };
  }
  if (headers.origin) {
    return headers.origin === appOrigin
      ? { allowed: true }
      : { allowed: false, reason: `Origin ${headers.origin} is not ${appOrigin}` };
  }
  return { allowed: false, reason: "neither Sec-Fetch-Site nor Origin was sent" };
}
