import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

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
    // Two server processes on one database, and the PostgreSQL driver's own behaviour, need PostgreSQL;
    // without it these files have nothing to show.
    exclude: [
      ...configDefaults.exclude,
      ...(process.env.TEST_DATABASE_URL
        ? []
        : ["tests/integration/multi-process.test.ts", "tests/integration/postgres-prepared.test.ts"]),
    ],
    environment: "node",
    // A loaded machine runs the larger sweeps slowly; a wait that long is a hang, not a slow test.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: PGlite instances are CPU-heavy, so keep files to two workers.
    maxWorkers: 2,
    pool: "forks",
  },
});
