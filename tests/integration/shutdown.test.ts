// R34: SIGTERM lets the request in flight finish, answers new ones with 503,
// checkpoints and closes the database, and exits 0; the next start on the same
// data serves again with everything that was acknowledged.
import type { ChildProcess } from "node:child_process";
import http from "node:http";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { freePort, waitForHealthy } from "../helpers/app-server";
import { spawnServer, spawnTsx, waitForExit, waitForLine } from "../helpers/child-process";
import { ensureBuild } from "../helpers/server-build";
import { createTestDatabase, TEST_DATABASE_KINDS, type TestDatabase } from "../helpers/test-db";

interface Started {
  child: ChildProcess;
  output: () => string;
}

function collect(child: ChildProcess): () => string {
  let text = "";
  child.stdout!.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  return () => text;
}

/** One HTTP request on a given agent; resolves with the status and body. */
function request(
  agent: http.Agent,
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { agent, host: "127.0.0.1", port, method: options.method ?? "GET", path: options.path, headers: options.headers },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

for (const kind of TEST_DATABASE_KINDS) {
  describe(`graceful shutdown of the server [${kind}]`, () => {
    let dataDir: string;
    let postgres: TestDatabase | undefined;
    let env: Record<string, string>;
    let port: number;
    const children: ChildProcess[] = [];

    beforeAll(async () => {
      await ensureBuild();
      dataDir = mkdtempSync(join(tmpdir(), "summit-shutdown-"));
      port = await freePort();
      if (kind === "postgres") postgres = await createTestDatabase("postgres", { migrate: false });
      env = {
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(port),
        APP_ORIGIN: `http://127.0.0.1:${port}`,
        SUMMIT_DATA_DIR: dataDir,
        DATABASE_URL: postgres?.location ?? "",
        SUMMIT_DEMO: "off",
        OUTBOX_WORKER: "off",
        LOG_LEVEL: "info",
      };
    }, 300_000);

    afterAll(async () => {
      for (const child of children) {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        await waitForExit(child);
      }
      await postgres?.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    });

    /** Waits for /healthz; on failure the error carries the server's output. */
    async function healthy(child: ChildProcess, output: () => string): Promise<void> {
      try {
        await waitForHealthy(env.APP_ORIGIN!, 180_000, child);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${output()}`);
      }
    }

    it("finishes the request in flight, refuses new ones, stops cleanly, and starts again on the same data", async () => {
      const first: Started = (() => {
        const child = spawnTsx("app/server.ts", [], env);
        children.push(child);
        return { child, output: collect(child) };
      })();
      await healthy(first.child, first.output);

      const agent = new http.Agent({ keepAlive: false });
      const sameOrigin = { "Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin" };
      const acknowledged = await request(agent, port, {
        method: "POST",
        path: "/login",
        headers: sameOrigin,
        body: "email=before-stop%40example.org",
      });
      expect(acknowledged.status).toBe(302);

      // A second connection carries a request whose body is still arriving.
      const body = "email=in-flight%40example.org";
      const inFlight = http.request({
        host: "127.0.0.1",
        port,
        method: "POST",
        path: "/login",
        headers: { ...sameOrigin, "Content-Length": String(body.length), Expect: "100-continue" },
      });
      const takenIn = new Promise<void>((resolve) => inFlight.once("continue", () => resolve()));
      const inFlightAnswer = new Promise<number>((resolve, reject) => {
        inFlight.on("response", (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        inFlight.on("error", reject);
      });
      inFlight.write(body.slice(0, 6));
      // Node answers 100 Continue as it hands the request to the app: from then on it is in flight.
      await takenIn;

      first.child.kill("SIGTERM");
      await waitForLine(first.child, (line) => line.includes('"msg":"shutting down"'), 10_000);
      // A new request is not served: the draining app answers 503 (the server still listens, so a proxy can retry).
      const refused = await request(agent, port, { path: "/healthz" }).then(
        (response) => `status ${response.status}`,
        (error: NodeJS.ErrnoException) => error.code ?? String(error),
      );
      expect(refused).toBe("status 503");
      expect(first.child.exitCode).toBeNull(); // still waiting for the request in flight

      inFlight.end(body.slice(6));
      expect(await inFlightAnswer).toBe(302);
      const exit = await waitForExit(first.child);
      expect(exit).toEqual({ code: 0, signal: null });
      const log = first.output();
      expect(log).toContain('"msg":"stopped cleanly"');
      expect(log).not.toMatch(/"level":(50|60)/); // no error or fatal line
      if (kind === "pglite") expect(existsSync(join(dataDir, "pgdata.lock"))).toBe(false);
      agent.destroy();

      // Started again the way `npm start` does (node build/server.js), on the same data.
      const second = spawnServer(env);
      children.push(second);
      const secondOutput = collect(second);
      await healthy(second, secondOutput);
      expect((await fetch(`${env.APP_ORIGIN}/login`)).status).toBe(200);
      second.kill("SIGTERM");
      expect(await waitForExit(second)).toEqual({ code: 0, signal: null });
      expect(secondOutput()).toContain('"msg":"stopped cleanly"');
      expect(secondOutput()).not.toMatch(/recover|not properly shut down|"level":(50|60)/i);

      // Both acknowledged sign-in requests were kept.
      const handle = postgres ? postgres.handle : await openDatabase({ dataDir });
      try {
        const emails = await handle.db.selectFrom("sign_in_token").select("email").orderBy("email").execute();
        expect(emails.map((e) => e.email)).toEqual(["before-stop@example.org", "in-flight@example.org"]);
      } finally {
        if (!postgres) await handle.close();
      }
    }, 300_000);
  });
}
