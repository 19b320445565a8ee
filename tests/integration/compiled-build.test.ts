// `npm run build` makes what `npm start` and `npm run summit` run: build/server.js
// and build/cli.js, compiled JavaScript beside the Remix build. These tests run
// those files with plain node, as the scripts do.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrationProvider } from "../../db/migrations/index";
import { freePort, waitForHealthy } from "../helpers/app-server";
import { childEnv, runCli, waitForExit } from "../helpers/child-process";
import { ensureBuild, REPO_ROOT, SERVER_ENTRY } from "../helpers/server-build";

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>;
}

describe("the compiled command line and server", () => {
  let work: string;

  beforeAll(async () => {
    await ensureBuild();
    work = mkdtempSync(join(tmpdir(), "summit-compiled-"));
  }, 300_000);
  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
  });

  it("node build/cli.js --help lists every command and exits 0", async () => {
    const result = await runCli(["--help"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run summit -- <command>\n/);
    for (const command of [
      "db migrate",
      "admin add EMAIL",
      "summit organizer add SLUG EMAIL",
      "sources import --summit SLUG --kind git|shortlog|csv|maintainers PATH",
      "outbox work",
      "demo load",
      "backup FILE",
      "restore FILE",
    ]) {
      expect(result.stdout).toContain(`  ${command}`);
    }
  });

  it("answers no command or an unknown one with the usage and exit code 2", async () => {
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toMatch(/^Usage: npm run summit -- <command>/);
    const unknown = await runCli(["frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^Unknown command 'frobnicate'\.\n\nUsage:/);
  });

  it("node build/cli.js db migrate migrates a new data folder, then finds it up to date", async () => {
    const env = { SUMMIT_DATA_DIR: join(work, "migrate") };
    const names = Object.keys(await migrationProvider.getMigrations());
    const first = await runCli(["db", "migrate"], env);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`Applied: ${names.join(", ")}\n`);

    const again = await runCli(["db", "migrate"], env);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("The database is up to date.\n");
  }, 120_000);

  it("bundles the server's own modules only, and the command line's with Kysely and Zod", () => {
    const meta = JSON.parse(readFileSync(join(REPO_ROOT, "build", "metafile.compiled.json"), "utf8")) as {
      server: Metafile;
      cli: Metafile;
    };
    const externals = (build: Metafile) =>
      new Set(Object.values(build.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));
    const packagesBundled = (build: Metafile) =>
      new Set(
        Object.keys(build.inputs)
          .filter((path) => !/^(app|db)\//.test(path))
          .map((path) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1] ?? path),
      );

    // The server and the Remix build share one copy of each package from node_modules.
    expect(Object.keys(meta.server.inputs)).toContain("app/server.ts");
    expect([...packagesBundled(meta.server)]).toEqual([]);
    // PGlite loads its wasm from beside its own module; Lucia is ESM-only.
    for (const name of ["@electric-sql/pglite", "kysely", "lucia", "@remix-run/node"]) {
      expect(externals(meta.server)).toContain(name);
    }

    // The command line bundles the two packages of many small files, and only those.
    expect(Object.keys(meta.cli.inputs)).toContain("app/cli/summit.ts");
    expect([...packagesBundled(meta.cli)].sort()).toEqual(["kysely", "zod"]);
    expect(externals(meta.cli)).toContain("@electric-sql/pglite");
    expect(externals(meta.cli)).not.toContain("kysely");
  });

  it("node build/server.js serves the Remix build from any working folder and stops cleanly", async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, ["--enable-source-maps", SERVER_ENTRY], {
      // Not the repository: the server finds build/index.js and public/ beside itself.
      cwd: work,
      env: childEnv({
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(port),
        APP_ORIGIN: origin,
        SUMMIT_DATA_DIR: join(work, "server"),
        SUMMIT_DEMO: "off",
        OUTBOX_WORKER: "off",
        LOG_LEVEL: "warn",
        SMTP_URL: "",
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    try {
      await waitForHealthy(origin, 120_000, child).catch((error: unknown) => {
        throw new Error(`${String(error)}\n${output}`);
      });
      const login = await fetch(`${origin}/login`);
      expect(login.status).toBe(200);
      const page = await login.text();
      expect(page).toContain("Email address");
      // The page's assets come from public/build, found beside the build too.
      const stylesheet = /href="(\/build\/[^"]+\.css)"/.exec(page)?.[1];
      expect(stylesheet).toBeDefined();
      expect((await fetch(`${origin}${stylesheet}`)).status).toBe(200);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await waitForExit(child)).toEqual({ code: 0, signal: null });
    expect(output).not.toMatch(/"level":(50|60)/);
  }, 180_000);
});
