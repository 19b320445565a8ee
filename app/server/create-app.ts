import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import type { DatabaseHandle } from "~db/client";
import { sessionSettingsFrom } from "~/auth/settings";
import type { Config } from "~/lib/config.server";
import { loggablePath, type Logger } from "~/lib/log.server";
import { checkRequestOrigin, isStateChanging } from "~/lib/origin-gate";
import { securityHeaders } from "~/lib/security-headers";
import { createRequestViewer, summitSlugOfPath } from "~/services/kernel/viewer.server";
import { createRemixHandler } from "./remix-handler";
import { mountTestRoutes } from "./test-routes";

export interface AppDependencies {
  config: Config;
  database: DatabaseHandle;
  log: Logger;
  build: ServerBuild | (() => Promise<ServerBuild>);
  /** Where public/build and public/ live. */
  publicDir: string;
}

export interface SummitApp {
  app: express.Express;
  /** Stops taking new requests (they get 503) and resolves when in-flight ones are done or `timeoutMs` passed. */
  drain(timeoutMs: number): Promise<void>;
}

const MAX_BODY_BYTES = 1_048_576;
// Shortlog, CSV and MAINTAINERS imports (up to 5 MB of text) are posted to this page only.
const MAX_IMPORT_BODY_BYTES = 6 * 1_048_576;
const IMPORT_PATH = /^\/summits\/[^/]+\/sources\/?$/;
const OVERRIDABLE_HEADERS = new Set(["referrer-policy", "cache-control", "content-security-policy", "x-frame-options"]);

/**
 * Whether a request target is one Summit can read: a path (not a full URL)
 * whose percent escapes decode to UTF-8 (`/%FF` does not).
 */
function readableTarget(originalUrl: string, path: string): boolean {
  if (!originalUrl.startsWith("/")) return false;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

function bodyLimitOf(path: string): number {
  return IMPORT_PATH.test(path) ? MAX_IMPORT_BODY_BYTES : MAX_BODY_BYTES;
}

/**
 * 413 without reading the rest of the body, and without echoing any of it. The
 * connection is closed once the answer is sent: what the client still sends
 * would otherwise be read as the next request.
 */
function refuseBodyTooLarge(res: Response): void {
  res.once("finish", () => res.req.socket.destroySoon());
  res.status(413).set("Connection", "close").type("text/plain").send("Request body too large.");
}

export function createApp(deps: AppDependencies): SummitApp {
  const { config, database, log } = deps;
  const sessionSettings = sessionSettingsFrom(config);
  const app = express();
  app.disable("x-powered-by");
  if (config.TRUST_PROXY === "1") app.set("trust proxy", "loopback");

  let draining = false;
  let inFlight = 0;
  let onIdle: (() => void) | null = null;

  app.use((req, res, next) => {
    if (draining) {
      res.status(503).set("Connection", "close").type("text/plain").send("Summit is restarting; try again shortly.");
      return;
    }
    inFlight++;
    res.on("close", () => {
      inFlight--;
      if (inFlight === 0 && onIdle) onIdle();
    });
    res.locals.requestId = randomUUID();
    res.locals.nonce = randomBytes(16).toString("base64");
    res.set(securityHeaders({ nonce: res.locals.nonce as string, secure: config.secure }));
    // These headers are defaults a route may override (a token page's no-referrer, a
    // feed's caching); the Remix adapter appends, which would send both values.
    const append = res.append.bind(res);
    res.append = (field: string, value?: string[] | string) =>
      OVERRIDABLE_HEADERS.has(field.toLowerCase()) && value !== undefined
        ? res.set(field, value)
        : append(field, value);
    res.set("X-Request-Id", res.locals.requestId as string);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      log.info(
        {
          requestId: res.locals.requestId,
          method: req.method,
          path: loggablePath(req.path), // never the query string, nor a token in the path
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          userId: (res.locals.userId as string | undefined) ?? null,
        },
        "request",
      );
    });
    next();
  });

  // A request target no route can read is the client's mistake: 400, plainly, and no stack trace in the log.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!readableTarget(req.originalUrl, req.path)) {
      res.status(400).type("text/plain").send("Bad request: this address is not valid.");
      return;
    }
    next();
  });

  app.use(compression());

  // Static files: fingerprinted build output is cached for a year; the rest briefly.
  app.use("/build", express.static(`${deps.publicDir}/build`, { immutable: true, maxAge: "1y", index: false }));
  // Only paths under what public/ holds at start-up reach the disk: a page's path
  // is not looked up there first (a stat per request, failing, on every page).
  const publicFiles = express.static(deps.publicDir, { maxAge: "1h", index: false });
  const publicEntries = new Set(readdirSync(deps.publicDir).filter((name) => name !== "build"));
  app.use((req: Request, res: Response, next: NextFunction) => {
    const first = req.path.split("/", 2)[1] ?? "";
    if (publicEntries.has(first)) return publicFiles(req, res, next);
    next();
  });

  app.get("/healthz", async (_req, res) => {
    try {
      await database.db.selectNoFrom((eb) => eb.val(1).as("ok")).execute();
      res.status(200).type("text/plain").send("ok");
    } catch (error) {
      log.error({ err: error }, "health check failed");
      res.status(503).type("text/plain").send("database unavailable");
    }
  });

  // CSRF gate before anything can write: covers Remix actions, resource routes and ?_data requests alike.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (!isStateChanging(req.method)) return next();
    const verdict = checkRequestOrigin(
      { secFetchSite: req.get("Sec-Fetch-Site") ?? null, origin: req.get("Origin") ?? null },
      config.APP_ORIGIN,
    );
    if (!verdict.allowed) {
      log.warn(
        { requestId: res.locals.requestId, path: loggablePath(req.path), reason: verdict.reason },
        "cross-origin request refused",
      );
      res.status(403).type("text/plain").send("Forbidden: this request did not come from a Summit page.");
      return;
    }
    // A page with Referrer-Policy: no-referrer (the sign-in token page) makes the
    // browser send `Origin: null` on its own same-origin form; Remix 2's host check
    // would then fail the request. The gate above has already proved its origin.
    if (req.get("Sec-Fetch-Site") === "same-origin" && req.get("Origin") === "null") delete req.headers.origin;
    // A declared length over the limit is refused unread; a chunked body is counted as it arrives (remix-handler).
    if (Number(req.get("Content-Length") ?? 0) > bodyLimitOf(req.path)) {
      refuseBodyTooLarge(res);
      return;
    }
    next();
  });

  if (config.SUMMIT_TEST_ROUTES === "1") mountTestRoutes(app, { database, config });

  // Pages that depend on who is signed in must not be cached anywhere.
  app.use((_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });

  app.all(
    "*",
    createRemixHandler({
      build: deps.build,
      mode: config.isProduction ? "production" : "development",
      origin: config.APP_ORIGIN,
      bodyLimit: bodyLimitOf,
      refuseBody: refuseBodyTooLarge,
      getLoadContext: (req, res): AppLoadContext => ({
        db: database.db,
        dbKind: database.kind,
        config,
        log: log.child({ requestId: res.locals.requestId }),
        requestId: res.locals.requestId as string,
        clientIp: req.ip ?? req.socket.remoteAddress ?? "unknown",
        nonce: res.locals.nonce as string,
        // Read on first use: a route that never asks for the viewer costs no statement.
        viewer: createRequestViewer({
          db: database.db,
          settings: sessionSettings,
          cookieHeader: req.get("Cookie") ?? null,
          pathSlug: summitSlugOfPath(req.path),
          setCookie: (value) => {
            if (!res.headersSent) res.append("Set-Cookie", value);
          },
          onUser: (user) => {
            res.locals.userId = user?.id;
          },
        }),
        sessionSettings,
      }),
    }),
  );

  // Last resort: no stack trace, SQL or path leaves the server.
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    log.error({ err: error, requestId: res.locals.requestId }, "unhandled error");
    if (res.headersSent) return;
    res
      .status(500)
      .type("text/plain")
      .send(`Something went wrong on our side. Reference: ${String(res.locals.requestId ?? "none")}`);
  });

  return {
    app,
    drain(timeoutMs) {
      draining = true;
      if (inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        onIdle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
  };
}
