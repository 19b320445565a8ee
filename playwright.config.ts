// Browser tests run the production build in Debian's Chromium, served as users
// serve it: `node build/server.js`, started by tests/helpers/app-server.ts, which
// builds first when the build is missing or the compiled server is stale (once,
// for both servers). Every spec runs against the embedded database, and also
// against PostgreSQL when TEST_DATABASE_URL is set. Each server gets a fresh data
// folder (and schema), made and removed by the same launcher.
import { defineConfig, type PlaywrightTestConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./tests/helpers/browser";

interface Target {
  name: "pglite" | "postgres";
  port: number;
  serverArgs: string;
}

const targets: Target[] = [{ name: "pglite", port: 3311, serverArgs: "--port 3311" }];
if (process.env.TEST_DATABASE_URL) {
  targets.push({ name: "postgres", port: 3312, serverArgs: "--port 3312 --postgres-url-env TEST_DATABASE_URL" });
}

const webServer: PlaywrightTestConfig["webServer"] = targets.map((target) => ({
  // The launcher is a test helper (TypeScript, through tsx); the app it starts is compiled JavaScript.
  // Run by node itself (not through npx), so the signal below reaches the launcher and it can clean up.
  command: `node --import tsx tests/helpers/app-server.ts ${target.serverArgs}`,
  url: `http://127.0.0.1:${target.port}/healthz`,
  reuseExistingServer: false,
  timeout: 180_000,
  stdout: "pipe",
  stderr: "pipe",
  // SIGTERM lets the app drain and checkpoint, and the launcher remove its data folder or schema.
  gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
}));

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "*.spec.ts",
  outputDir: "test-results/e2e",
  // Two cores: two workers, one browser each, beside one or two app servers.
  workers: 2,
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? "test-results/e2e.json" }]],
  use: {
    browserName: "chromium",
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: targets.map((target) => ({
    name: target.name,
    use: { baseURL: `http://127.0.0.1:${target.port}` },
  })),
  webServer,
});
