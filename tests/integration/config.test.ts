// Issue 2, point 3: every setting is validated at start; a bad one stops the
// process with one line naming the variable.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../app/lib/config.server";
import { childEnv, REPO_ROOT, runTsx, type RunResult } from "../helpers/child-process";
import { ensureBuild } from "../helpers/server-build";

const BAD_VALUES: Array<[name: string, value: string, reason: RegExp]> = [
  ["PORT", "abc", /number/],
  ["PORT", "70000", /65535/],
  ["APP_ORIGIN", "ftp://x", /http\(s\) URL/],
  ["APP_ORIGIN", "https://summit.example/app", /origin only .*without a path/],
  ["APP_ORIGIN", "https://summit.example?next=/", /origin only/],
  ["DATABASE_URL", "mysql://summit@db.example/summit", /postgres:\/\//],
  ["SMTP_URL", "http://mail.example", /smtp:\/\//],
  ["SESSION_IDLE_HOURS", "0", />=1/],
  ["SESSION_ABSOLUTE_DAYS", "365", /<=90/],
  ["MAIL_FROM", "a b", /plain address/],
  ["MAIL_FROM", "Summit <summit@example.org>", /plain address/],
  ["NODE_ENV", "prod", /production/],
  ["OUTBOX_WORKER", "yes", /inline/],
  ["CHECKPOINT_MINUTES", "0", /0\.1/],
  ["LOG_LEVEL", "loud", /info/],
];

describe("configuration from the environment", () => {
  it.each(BAD_VALUES)("%s=%s is refused with one line naming it", (name, value, reason) => {
    let error: unknown;
    try {
      parseConfig({ [name]: value });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.split("\n")).toHaveLength(1);
    expect(message.startsWith(`Invalid configuration: ${name} `)).toBe(true);
    expect(message).toMatch(reason);
  });

  it("accepts a valid environment and derives the origin's properties", () => {
    const config = parseConfig({
      NODE_ENV: "production",
      PORT: "8080",
      APP_ORIGIN: "https://summit.example/",
      DATABASE_URL: "postgresql://summit@db.example/summit",
      MAIL_FROM: "summit@summit.example",
      SESSION_IDLE_HOURS: "12",
    });
    expect(config.PORT).toBe(8080);
    expect(config.APP_ORIGIN).toBe("https://summit.example");
    expect(config.secure).toBe(true);
    expect(config.isProduction).toBe(true);
    expect(config.SESSION_IDLE_HOURS).toBe(12);
  });

  it("uses the documented defaults, and treats empty values as unset", () => {
    const config = parseConfig({ PORT: "", DATABASE_URL: "", APP_ORIGIN: "" });
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.APP_ORIGIN).toBe("http://localhost:3000");
    expect(config.secure).toBe(false);
    expect(config.SUMMIT_DATA_DIR).toBe("./data");
    expect(config.SESSION_IDLE_HOURS).toBe(24);
    expect(config.SESSION_ABSOLUTE_DAYS).toBe(7);
    expect(config.CHECKPOINT_MINUTES).toBe(5);
  });

  it("allows test routes only for a loopback origin in production", () => {
    expect(() =>
      parseConfig({ NODE_ENV: "production", SUMMIT_TEST_ROUTES: "1", APP_ORIGIN: "https://summit.example" }),
    ).toThrow(/SUMMIT_TEST_ROUTES may only be 1 for a loopback APP_ORIGIN/);
    expect(
      parseConfig({ NODE_ENV: "production", SUMMIT_TEST_ROUTES: "1", APP_ORIGIN: "http://127.0.0.1:4000" })
        .SUMMIT_TEST_ROUTES,
    ).toBe("1");
  });
});

describe("the server refuses to start with bad configuration", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "summit-config-"));
  });
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  /** The server must stop before it opens a database: the data folder it was given is never created. */
  function expectRefusal(result: RunResult, name: string, dataDir: string): void {
    expect(existsSync(dataDir)).toBe(false);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${name} `));
  }

  it("PORT=abc stops the process with one line naming PORT", async () => {
    const dataDir = join(work, "port");
    const result = await runTsx("app/server.ts", [], { PORT: "abc", SUMMIT_DATA_DIR: dataDir });
    expectRefusal(result, "PORT", dataDir);
    expect(result.code).toBe(1);
  }, 60_000);

  it("APP_ORIGIN with a path stops the process with one line naming APP_ORIGIN", async () => {
    const dataDir = join(work, "origin");
    const result = await runTsx("app/server.ts", [], {
      APP_ORIGIN: "http://127.0.0.1:3000/summit",
      SUMMIT_DATA_DIR: dataDir,
    });
    expectRefusal(result, "APP_ORIGIN", dataDir);
  }, 60_000);

  it("reads a bad value from .env in the working folder as well", async () => {
    const folder = join(work, "dotenv");
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
    writeFileSync(join(folder, ".env"), "MAIL_FROM=not an address\n");
    await ensureBuild();
    const child = spawn(process.execPath, [join(REPO_ROOT, "build", "server.js")], {
      cwd: folder,
      // Without MAIL_FROM in the environment, so the .env value is the one read.
      env: {
        ...childEnv({ SUMMIT_DATA_DIR: join(folder, "data") }),
        MAIL_FROM: undefined,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
    expectRefusal({ code, signal: null, stdout, stderr, ms: 0 }, "MAIL_FROM", join(folder, "data"));
    expect(stderr).toContain('"not an address"');
  }, 60_000);
});

describe("log paths", () => {
  it("masks the token of an invitation link and leaves other paths alone", async () => {
    const { loggablePath } = await import("../../app/lib/log.server");
    expect(loggablePath("/invitations/abcDEF123_secret")).toBe("/invitations/:token");
    expect(loggablePath("/invitations/abcDEF123_secret/anything")).toBe("/invitations/:token/anything");
    expect(loggablePath("/summits/qemu-2017/roster")).toBe("/summits/qemu-2017/roster");
  });

  it.each([
    "/Invitations/SECRET",
    "/INVITATIONS/SECRET",
    "/%69nvitations/SECRET",
    "/%2569nvitations/SECRET",
    "//invitations/SECRET",
    "///invitations//SECRET",
    "/./invitations/SECRET",
    "/summits/../invitations/SECRET",
    "\\invitations\\SECRET",
    "/invitations%2FSECRET",
    "/%69nvitations/%FF-SECRET",
  ])("masks the token however the path spells it: %j", async (path) => {
    const { loggablePath } = await import("../../app/lib/log.server");
    expect(loggablePath(path)).toBe("/invitations/:token");
  });
});
