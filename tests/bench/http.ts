// Load on one route with autocannon, and the plain requests that check a route
// answers as expected before it is measured.
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";

export interface Target {
  method?: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Status every response must have (default 200); anything else is counted as unexpected. */
  expectStatus?: number;
  /** Headers taken in turn, one set per request, over `headers` (several voters' sessions). */
  rotateHeaders?: Array<Record<string, string>>;
}

export interface LoadSettings {
  connections: number;
  seconds: number;
  /** Requests per second over all connections; unlimited when absent. */
  overallRate?: number;
}

export interface LoadResult {
  /** Responses received within the measurement. */
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p975Ms: number;
  p99Ms: number;
  errors: number;
  unexpectedStatus: number;
  /** How many responses had each status. */
  statuses: Record<number, number>;
}

/** Loads `target` with `connections` keep-alive connections for `seconds`, on loopback. */
/** Each request takes the next set of headers, round the list. */
function rotating(sets: Array<Record<string, string>>) {
  let next = 0;
  return (request: autocannon.Request): autocannon.Request => {
    const headers = sets[next++ % sets.length]!;
    return { ...request, headers: { ...(request.headers as Record<string, string> | undefined), ...headers } };
  };
}

export async function load(origin: string, target: Target, settings: LoadSettings): Promise<LoadResult> {
  const expected = target.expectStatus ?? 200;
  let unexpectedStatus = 0;
  const statuses: Record<number, number> = {};
  const result = await autocannon({
    url: `${origin}${target.path}`,
    method: target.method ?? "GET",
    headers: target.headers,
    body: target.body,
    ...(target.rotateHeaders ? { requests: [{ setupRequest: rotating(target.rotateHeaders) }] } : {}),
    connections: settings.connections,
    duration: settings.seconds,
    ...(settings.overallRate ? { overallRate: settings.overallRate } : {}),
    timeout: 10,
    setupClient(client) {
      client.on("response", (statusCode: number) => {
        if (statusCode !== expected) unexpectedStatus++;
        statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
      });
    },
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p975Ms: result.latency.p97_5,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    unexpectedStatus,
    statuses,
  };
}

export interface Answer {
  status: number;
  /** The body as the server meant it (fetch undoes the transfer's gzip). */
  bytes: number;
  /** The body gzipped at zlib's default level, the one the compression middleware uses. */
  gzipBytes: number;
  text: string;
}

/** One request, not following redirects; throws when the status is not the expected one. */
export async function checkAnswer(origin: string, target: Target): Promise<Answer> {
  const response = await fetch(`${origin}${target.path}`, {
    method: target.method ?? "GET",
    headers: { ...target.headers, ...target.rotateHeaders?.[0] },
    body: target.body,
    redirect: "manual",
  });
  const body = Buffer.from(await response.arrayBuffer());
  const expected = target.expectStatus ?? 200;
  if (response.status !== expected) {
    throw new Error(`${target.method ?? "GET"} ${target.path} answered ${response.status}, expected ${expected}`);
  }
  return { status: response.status, bytes: body.length, gzipBytes: gzipSync(body).length, text: body.toString("utf8") };
}
