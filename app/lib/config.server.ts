import { z } from "zod";

/** Every setting Summit reads, validated once at start. The README's configuration table mirrors this. */
const ConfigSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce
    .number({ error: "must be a whole number from 0 to 65535" })
    .int({ error: "must be a whole number from 0 to 65535" })
    .min(0, { error: "must be a whole number from 0 to 65535" })
    .max(65535, { error: "must be a whole number from 0 to 65535" })
    .default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  APP_ORIGIN: z
    .url({ protocol: /^https?$/, message: "must be an http(s) URL such as http://localhost:3000" })
    .refine((value) => new URL(value).origin === value.replace(/\/$/, ""), {
      message: "must be an origin only (scheme, host and port), without a path",
    })
    .optional(),
  SUMMIT_DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  MAIL_FROM: z
    .email({ message: "must be a plain address such as summit@example.org" })
    .default("summit@summit.localhost"),
  OUTBOX_WORKER: z.enum(["inline", "off"]).default("inline"),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(2000),
  SESSION_IDLE_HOURS: z.coerce
    .number()
    .min(1)
    .max(24 * 30)
    .default(24),
  SESSION_ABSOLUTE_DAYS: z.coerce.number().min(1).max(90).default(7),
  LOGIN_LINKS_PER_ADDRESS: z.coerce.number().int().min(1).max(1000).default(3),
  LOGIN_LINKS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(20),
  CHECKPOINT_MINUTES: z.coerce.number().min(0.1).max(1440).default(5),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SUMMIT_DEMO: z.enum(["auto", "off"]).default("auto"),
  SUMMIT_TEST_ROUTES: z.enum(["0", "1"]).default("0"),
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
});

const SECRET_BEARING = new Set(["DATABASE_URL", "SMTP_URL"]);

export type RawConfig = z.infer<typeof ConfigSchema>;

export interface Config extends RawConfig {
  APP_ORIGIN: string;
  /** True when the origin is https: cookies get Secure and the __Host- prefix, HSTS is sent. */
  secure: boolean;
  isProduction: boolean;
}

export class ConfigError extends Error {}

/** Parses the environment; throws a ConfigError whose message is one line naming the variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = ConfigSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0] ?? "environment");
    // URLs may carry passwords: never echo them.
    const shown = SECRET_BEARING.has(name) ? "" : ` (got ${JSON.stringify(present[name] ?? null)})`;
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message}${shown}`);
  }
  const raw = result.data;
  const origin = (raw.APP_ORIGIN ?? `http://localhost:${raw.PORT}`).replace(/\/$/, "");
  if (
    raw.NODE_ENV === "production" &&
    raw.SUMMIT_TEST_ROUTES === "1" &&
    !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(origin)
  ) {
    throw new ConfigError("Invalid configuration: SUMMIT_TEST_ROUTES may only be 1 for a loopback APP_ORIGIN");
  }
  return {
    ...raw,
    APP_ORIGIN: origin,
    secure: origin.startsWith("https:"),
    isProduction: raw.NODE_ENV === "production",
  };
}
