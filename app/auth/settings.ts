import type { Config } from "~/lib/config.server";
import type { SessionSettings } from "./session.server";

export function sessionSettingsFrom(config: Config): SessionSettings {
  return {
    secure: config.secure,
    idleHours: config.SESSION_IDLE_HOURS,
    absoluteDays: config.SESSION_ABSOLUTE_DAYS,
  };
}
