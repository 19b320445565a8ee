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

/** A path fit for the log: tokens carried in paths (invitation links) are masked. */
export function loggablePath(path: string): string {
  return path.replace(/^\/invitations\/[^/]+/, "/invitations/:token");
}
