// What the sign-in, session and rate limit tests share: the app configured
// with a public origin and a sender, its session settings, and a client
// address of its own per request, so per-client limits stay out of the way.
import { sessionSettingsFrom } from "../../../app/auth/settings";
import { parseConfig } from "../../../app/lib/config.server";

export const ORIGIN = "https://summit.example.org";
export const config = parseConfig({ APP_ORIGIN: ORIGIN, MAIL_FROM: "summit@example.org", NODE_ENV: "test" });
export const sessionSettings = sessionSettingsFrom(config);

let ipCounter = 0;

/** A client address no other call of this module gives (198.51.x.y, clear of the fixed ones tests use). */
export function nextIp(): string {
  ipCounter++;
  return `198.51.${Math.floor(ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`;
}
