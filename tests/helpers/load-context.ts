import type { AppLoadContext } from "@remix-run/node";
import type { Kysely } from "kysely";
import pino from "pino";
import type { DatabaseKind } from "../../db/client";
import type { Database } from "../../db/schema";
import type { SessionUser } from "../../app/auth/session.server";
import { sessionSettingsFrom } from "../../app/auth/settings";
import { parseConfig, type Config } from "../../app/lib/config.server";
import { viewerOfUser } from "../../app/services/kernel/viewer.server";

/**
 * The load context a loader or action gets from the server, for calling routes
 * directly: the viewer is `user` (or a visitor), with standing read from `db`.
 */
export function loadContextFor(
  db: Kysely<Database>,
  kind: DatabaseKind,
  user: SessionUser | null,
  options: { config?: Config; clientIp?: string } = {},
): AppLoadContext & { signedIn: SessionUser | null } {
  const config = options.config ?? parseConfig({});
  return {
    db,
    dbKind: kind,
    config,
    log: pino({ level: "silent" }),
    requestId: "t",
    clientIp: options.clientIp ?? "127.0.0.1",
    nonce: "n",
    viewer: viewerOfUser(db, user),
    sessionSettings: sessionSettingsFrom(config),
    signedIn: user,
  };
}
