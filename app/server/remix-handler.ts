// Express to Remix. It does what @remix-run/express's adapter does, with two
// differences: the request's address is built on the configured origin, not on
// the Host header, and its body is counted as it arrives and cut off at a limit.
import type { IncomingHttpHeaders } from "node:http";
import { Transform, type TransformCallback } from "node:stream";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";

export interface RemixHandlerOptions {
  build: ServerBuild | (() => Promise<ServerBuild>);
  mode: "production" | "development";
  /** The app's configured origin (APP_ORIGIN): every request is taken to be addressed to it. */
  origin: string;
  /** The most bytes a request to this path may send. */
  bodyLimit(path: string): number;
  /** Answers a body that went over its limit, before any of the rest is read. */
  refuseBody(res: ExpressResponse): void;
  getLoadContext(req: ExpressRequest, res: ExpressResponse): AppLoadContext;
}

/** The error a body stream ends with when it goes over its limit. */
class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the request body is over ${limit} bytes`);
  }
}

/**
 * Passes a body through until `limit` bytes, then fails: the request stops
 * being read there, however the body was framed (a chunked body has no
 * Content-Length to check beforehand).
 */
class BodyLimit extends Transform {
  private seen = 0;

  constructor(
    private readonly limit: number,
    private readonly onOver: () => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      this.onOver();
      done(new BodyTooLargeError(this.limit));
      return;
    }
    done(null, chunk);
  }
}

export function createRemixHandler(options: RemixHandlerOptions) {
  const handle = createRequestHandler(options.build, options.mode);
  const origin = new URL(options.origin);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const request = remixRequestOf(req, res, origin, options.bodyLimit(req.path), () => options.refuseBody(res));
      const response = await handle(request, options.getLoadContext(req, res));
      // A refused body has been answered already; whatever the route made of the cut body is not sent.
      if (res.headersSent) return;
      await sendResponse(res, response);
    } catch (error) {
      next(error);
    }
  };
}

function headersOf(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

async function sendResponse(res: ExpressResponse, response: Response): Promise<void> {
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers.entries()) res.append(name, value);
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

function remixRequestOf(
  req: ExpressRequest,
  res: ExpressResponse,
  origin: URL,
  bodyLimit: number,
  refuse: () => void,
): Request {
  // originalUrl is the request target as sent, which the caller has checked begins with "/".
  const url = new URL(`${origin.origin}${req.originalUrl}`);
  const headers = headersOf(req.headers);
  // Remix compares a form's Origin with Host: behind a proxy that does not pass Host on, that is the origin's.
  headers.set("Host", origin.host);
  headers.delete("X-Forwarded-Host");
  const controller = new AbortController();
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    const limited = new BodyLimit(bodyLimit, () => {
      req.unpipe(limited);
      refuse();
    });
    req.pipe(limited);
    init.body = createReadableStreamFromReadable(limited);
    init.duplex = "half";
  }
  // Loaders and actions stop once nothing can be sent: `close` without `finish` first.
  let finished = false;
  res.on("finish", () => (finished = true));
  res.on("close", () => {
    if (!finished) controller.abort();
  });
  return new Request(url.href, init);
}
