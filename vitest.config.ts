import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "~db": fileURLToPath(new URL("./db", import.meta.url)),
      "~": fileURLToPath(new URL("./app", import.meta.url)),
    },
  },
  test: {
    // Playwright's *.spec.ts files are not Vitest's.
    include: ["app/**/*.test.{ts,tsx}", "tests/integration/**/*.test.ts", "db/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: PGlite instances are CPU-heavy, so keep files to two workers.
    maxWorkers: 2,
    pool: "forks",
  },
});
