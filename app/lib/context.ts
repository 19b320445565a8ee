import type { Kysely } from "kysely";
import type { DatabaseKind } from "~db/client";
import type { Database } from "~db/schema";
import type { SessionSettings } from "~/auth/session.server";
import type { RequestViewer } from "~/services/kernel/viewer.server";
import type { Config } from "./config.server";
import type { Logger } from "./log.server";

/** What the server hands every loader and action: the database and who is asking. */
export interface SummitContext {
  db: Kysely<Database>;
  dbKind: DatabaseKind;
  config: Config;
  log: Logger;
  requestId: string;
  /** The client's address as the socket (or, with TRUST_PROXY=1, a loopback proxy) reports it: the key of per-client rate limits. */
  clientIp: string;
  /** For the CSP; used only by entry.server, never put in loader data. */
  nonce: string;
  /** Who is asking: read on first use, once per request. */
  viewer: RequestViewer;
  sessionSettings: SessionSettings;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends SummitContext {}
}
