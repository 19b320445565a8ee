import pino, { type Logger } from "pino";

export type { Logger };

/**
 * JSON lines with UTC timestamps. Never log a token, a cookie or a query
 * string: request lines carry the path only.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ["req.headers.cookie", "*.token", "*.password", "*.cookie"], censor: "[redacted]" },
  });
}

/**
 * A path as a router may read it, for matching only: ASCII escapes decoded
 * (`%69` is `i`, `%2F` is `/`, more than once for `%2569`), `\\` read as
 * `/`, runs of slashes as one, dot segments resolved, letters in lower case.
 */
function normalisedForMatching(path: string): string {
  let decoded = path;
  for (let round = 0; round < 3; round++) {
    const next = decoded.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === decoded) break;
    decoded = next;
  }
  const slashes = decoded.replace(/\\/g, "/").replace(/\/{2,}/g, "/");
  let resolved = slashes;
  try {
    resolved = new URL(slashes, "http://path.invalid").pathname;
  } catch {
    // not a path a URL parser takes: matched as it is
  }
  return resolved.toLowerCase();
}

/**
 * A path fit for the log: the token of an invitation link is masked, however
 * the path spells `/invitations/` (`/Invitations/…`, `/%69nvitations/…`,
 * `//invitations/…` all reach the same page).
 */
export function loggablePath(path: string): string {
  const match = /^\/invitations\/[^/]+(.*)$/.exec(normalisedForMatching(path));
  return match ? `/invitations/:token${match[1]}` : path;
}
