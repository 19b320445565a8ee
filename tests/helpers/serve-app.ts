// createApp served over real HTTP on 127.0.0.1 with the production Remix build,
// for tests of what arrives at the edge: headers, bodies, paths, the log.
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import type { DatabaseHandle } from "../../db/client";
import { parseConfig } from "../../app/lib/config.server";
import { createLogger, type Logger } from "../../app/lib/log.server";
import { createApp, type SummitApp } from "../../app/server/create-app";
import { ensureBuild, REPO_ROOT } from "./server-build";

export interface Served {
  origin: string;
  summit: SummitApp;
  server: http.Server;
  close(): Promise<void>;
}

let build: ServerBuild | null = null;

/** The production Remix build, made first if missing. */
export async function loadServerBuild(): Promise<ServerBuild> {
  build ??= (await import(/* @vite-ignore */ pathToFileURL(await ensureBuild()).href)) as ServerBuild;
  return build;
}

/** Serves createApp on 127.0.0.1 with the origin it is reached on, or with `appOrigin`. */
export async function serve(
  database: DatabaseHandle,
  options: { appOrigin?: string; log?: Logger; env?: Record<string, string> } = {},
): Promise<Served> {
  const server = http.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = parseConfig({
    APP_ORIGIN: options.appOrigin ?? origin,
    NODE_ENV: "production",
    LOG_LEVEL: "silent",
    ...options.env,
  });
  const summit = createApp({
    config,
    database,
    log: options.log ?? createLogger("silent"),
    build: await loadServerBuild(),
    publicDir: join(REPO_ROOT, "public"),
  });
  server.on("request", summit.app);
  return {
    origin,
    summit,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
