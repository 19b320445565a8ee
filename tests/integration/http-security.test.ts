// R6 (CSRF origin gate), R16 (security headers), R39 (fail closed, generic
// errors), and the operational endpoints of issue 2 point 8, over real HTTP
// against the express app with the production Remix build.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import http from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "../../db/client";
import { sessionSettingsFrom } from "../../app/auth/settings";
import { startSession } from "../../app/auth/session.server";
import { parseConfig } from "../../app/lib/config.server";
import { fingerprintTables } from "../helpers/table-fingerprint";
import { loadServerBuild, serve, type Served } from "../helpers/serve-app";
import { describeEachDatabase, type TestDatabase } from "../helpers/test-db";

const GATE_REFUSAL = "Forbidden: this request did not come from a Summit page.";
const STATE_CHANGING = ["POST", "PUT", "PATCH", "DELETE"] as const;

function cspDirectives(response: Response): Map<string, string> {
  const csp = response.headers.get("content-security-policy") ?? "";
  return new Map(
    csp
      .split(";")
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name, ...values] = part.split(/\s+/);
        return [name!, values.join(" ")] as [string, string];
      }),
  );
}

function nonceOf(response: Response): string | undefined {
  return /^'nonce-([A-Za-z0-9+/=]+)' 'strict-dynamic'$/.exec(cspDirectives(response).get("script-src") ?? "")?.[1];
}

function varyOf(response: Response): string[] {
  return (response.headers.get("vary") ?? "").split(",").map((v) => v.trim().toLowerCase());
}

describeEachDatabase("HTTP security", (use) => {
  let served: Served;
  let cookie: string;
  let userId: string;
  let db: TestDatabase["db"];

  beforeAll(async () => {
    const test = use();
    db = test.db;
    served = await serve(test.handle);
    const user = await db
      .insertInto("app_user")
      .values({ email: "organizer@example.org", display_name: "Organizer" })
      .returning("id")
      .executeTakeFirstOrThrow();
    userId = user.id;
    const settings = sessionSettingsFrom(parseConfig({ APP_ORIGIN: served.origin }));
    cookie = (await startSession(db, settings, userId)).split(";")[0]!;
  });

  afterAll(async () => {
    await served?.close();
  });

  /** What each state-changing request targets: route actions, Remix data requests and a resource route. */
  const targets = () => [
    {
      path: "/login",
      body: () => new URLSearchParams({ email: `csrf-${Math.random().toString(36).slice(2)}@example.org` }),
    },
    {
      path: "/login?_data=routes%2Flogin",
      body: () => new URLSearchParams({ email: `data-${Math.random().toString(36).slice(2)}@example.org` }),
    },
    { path: "/?_data=root", body: () => new URLSearchParams({ any: "thing" }) },
    { path: "/ping", body: () => new URLSearchParams({ any: "thing" }) },
    { path: "/logout", body: () => new URLSearchParams() },
  ];

  function send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: URLSearchParams,
  ): Promise<Response> {
    return fetch(`${served.origin}${path}`, {
      method,
      redirect: "manual",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body: body?.toString(),
    });
  }

  it("refuses every cross-origin or unproven state-changing request with 403, writing nothing", async () => {
    const appOrigin = served.origin;
    const port = new URL(appOrigin).port;
    const refused: Array<Record<string, string>> = [
      { "Sec-Fetch-Site": "cross-site" },
      { "Sec-Fetch-Site": "same-site" },
      { "Sec-Fetch-Site": "none" },
      // Sec-Fetch-Site decides when present, even next to a matching Origin.
      { "Sec-Fetch-Site": "cross-site", Origin: appOrigin },
      { Origin: "null" },
      { Origin: `https://127.0.0.1:${port}` },
      { Origin: `http://127.0.0.1:${Number(port) + 1}` },
      { Origin: "http://evil.example" },
      { Origin: `${appOrigin}.evil.example` },
      {},
    ];
    const before = await fingerprintTables(db);
    let cells = 0;
    for (const target of targets()) {
      for (const method of STATE_CHANGING) {
        for (const headers of refused) {
          const response = await send(method, target.path, headers, target.body());
          const label = `${method} ${target.path} ${JSON.stringify(headers)}`;
          expect(response.status, label).toBe(403);
          expect(await response.text(), label).toBe(GATE_REFUSAL);
          expect(varyOf(response), label).toEqual(expect.arrayContaining(["sec-fetch-site", "origin"]));
          cells++;
        }
      }
    }
    expect(cells).toBe(5 * 4 * 10);
    // Not a row changed: the refused sign-outs left the session in place, the refused sign-in requests queued no mail.
    expect(await fingerprintTables(db)).toEqual(before);
    expect(await db.selectFrom("session").select("id").where("user_id", "=", userId).execute()).toHaveLength(1);
  }, 120_000);

  it("lets requests from the app's own pages through the gate", async () => {
    const passing: Array<Record<string, string>> = [{ "Sec-Fetch-Site": "same-origin" }, { Origin: served.origin }];
    for (const target of targets().filter((t) => t.path !== "/logout")) {
      for (const method of STATE_CHANGING) {
        for (const headers of passing) {
          const response = await send(method, target.path, headers, target.body());
          const label = `${method} ${target.path} ${JSON.stringify(headers)}`;
          expect(response.status, label).not.toBe(403);
          expect(response.status, label).toBeLessThan(500);
          expect(await response.text(), label).not.toBe(GATE_REFUSAL);
          expect(varyOf(response), label).toEqual(expect.arrayContaining(["sec-fetch-site", "origin"]));
        }
      }
    }
  }, 120_000);

  it("a sign-in request or sign-out that passes the gate does write: the refusals above were real", async () => {
    const tokensBefore = (await db.selectFrom("sign_in_token").select("id").execute()).length;
    const request = await send(
      "POST",
      "/login",
      { Origin: served.origin },
      new URLSearchParams({ email: "control@example.org" }),
    );
    expect([302, 303]).toContain(request.status);
    expect((await db.selectFrom("sign_in_token").select("id").execute()).length).toBe(tokensBefore + 1);

    const signOut = await send("POST", "/logout", { "Sec-Fetch-Site": "same-origin" }, new URLSearchParams());
    expect([302, 303]).toContain(signOut.status);
    expect(await db.selectFrom("session").select("id").where("user_id", "=", userId).execute()).toHaveLength(0);
    // A fresh session for the tests that follow.
    const settings = sessionSettingsFrom(parseConfig({ APP_ORIGIN: served.origin }));
    cookie = (await startSession(db, settings, userId)).split(";")[0]!;
  });

  it("refuses a body over 1 MB with 413 before any route reads it, writing nothing (R14)", async () => {
    // Each big body on a connection of its own, so a refused, unread body cannot disturb other requests.
    const postOnce = (path: string, body: string) =>
      new Promise<number>((resolve, reject) => {
        const request = http.request(`${served.origin}${path}`, {
          method: "POST",
          agent: false,
          headers: {
            Cookie: cookie,
            "Sec-Fetch-Site": "same-origin",
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": String(Buffer.byteLength(body)),
          },
        });
        request.on("response", (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        // The server may answer and close before the whole body is written.
        request.on("error", (error: NodeJS.ErrnoException) => (error.code === "EPIPE" ? undefined : reject(error)));
        request.end(body);
      });
    const tokensBefore = (await db.selectFrom("sign_in_token").select("id").execute()).length;
    const big = new URLSearchParams({ email: `big-${"x".repeat(1_100_000)}@example.org` }).toString();
    expect(await postOnce("/login", big)).toBe(413);
    expect((await db.selectFrom("sign_in_token").select("id").execute()).length).toBe(tokensBefore);
    // The sources page takes imports of up to 5 MB: the same size of body reaches its route there.
    const toImport = new URLSearchParams({ text: "x".repeat(1_100_000) }).toString();
    expect(await postOnce("/summits/no-such-summit/sources", toImport)).not.toBe(413);
  });

  it("sends the security headers on HTML pages, with a fresh nonce kept out of client data", async () => {
    const nonces: string[] = [];
    for (const path of ["/", "/login", "/"]) {
      const response = await fetch(`${served.origin}${path}`, { headers: { Cookie: cookie } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const csp = cspDirectives(response);
      const nonce = nonceOf(response);
      expect(nonce, csp.get("script-src")).toBeDefined();
      expect(nonce!.length).toBeGreaterThanOrEqual(22); // 128 bits, base64
      expect(csp.get("object-src")).toBe("'none'");
      expect(csp.get("base-uri")).toBe("'none'");
      expect(csp.get("frame-ancestors")).toBe("'none'");
      expect(csp.get("form-action")).toBe("'self'");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("strict-transport-security")).toBeNull(); // plain http origin
      expect(varyOf(response)).toEqual(expect.arrayContaining(["sec-fetch-site", "origin"]));

      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      // The sign-in page gains nothing from scripts and is sent without any; other pages hydrate.
      expect(scripts.length > 0, path).toBe(path !== "/login");
      // Every script carries the nonce; the nonce appears nowhere else in the page.
      for (const [, attributes] of scripts) expect(attributes).toContain(`nonce="${nonce}"`);
      expect(html.split(nonce!).length - 1).toBe(scripts.length);
      const remixContext = scripts.map(([, , body]) => body).find((body) => body!.includes("window.__remixContext"));
      if (path === "/login") {
        expect(remixContext).toBeUndefined();
      } else {
        expect(remixContext).toBeDefined();
        expect(remixContext).not.toContain(nonce!);
      }
      nonces.push(nonce!);

      const data = await fetch(`${served.origin}${path === "/" ? "/?_data=root" : "/login?_data=routes%2Flogin"}`, {
        headers: { Cookie: cookie },
      });
      expect(data.status).toBe(200);
      expect(data.headers.get("content-type")).toMatch(/^application\/json; charset=utf-8/);
      const dataNonce = nonceOf(data);
      expect(dataNonce).toBeDefined();
      expect(dataNonce).not.toBe(nonce);
      const payload = await data.text();
      expect(payload).not.toContain(dataNonce!);
      expect(payload).not.toContain(nonce!);
    }
    expect(new Set(nonces).size).toBe(nonces.length);
  });

  it("sends HSTS when the app origin is https", async () => {
    const secure = await serve(use().handle, { appOrigin: "https://summit.example" });
    try {
      const response = await fetch(`${secure.origin}/login`);
      expect(response.status).toBe(200);
      const hsts = response.headers.get("strict-transport-security") ?? "";
      expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(31_536_000);
    } finally {
      await secure.close();
    }
  });

  it("renders an unknown address as a helpful 404 page", async () => {
    const response = await fetch(`${served.origin}/no/such/page`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(html).toContain("Page not found");
    expect(html).toMatch(/<a [^>]*href="\/"[^>]*>Back to the list of summits<\/a>/);
    expect(response.headers.get("content-security-policy")).toContain("'strict-dynamic'");
  });

  it("leaves every table unchanged while GET routes are crawled, signed in or not", async () => {
    const staticPaths = new Set(["/", "/login", "/ping", "/healthz", "/logout", "/no/such/page"]);
    const routes = (await loadServerBuild()).routes as Record<
      string,
      { path?: string; parentId?: string; index?: boolean }
    >;
    for (const [id, route] of Object.entries(routes)) {
      let path = "";
      for (
        let r: typeof route | undefined = route, rid: string | undefined = id;
        r;
        rid = r.parentId, r = rid ? routes[rid] : undefined
      ) {
        if (r.path) path = `${r.path}/${path}`;
      }
      if (!/[:*]/.test(path)) staticPaths.add(`/${path.replace(/\/+$/, "")}`);
    }
    const before = await fingerprintTables(db);
    for (const path of staticPaths) {
      for (const headers of [{}, { Cookie: cookie }] as Array<Record<string, string>>) {
        const response = await fetch(`${served.origin}${path}`, { headers, redirect: "manual" });
        expect(response.status, path).toBeLessThan(500);
        await response.arrayBuffer();
      }
    }
    expect(staticPaths.size).toBeGreaterThanOrEqual(6);
    expect(await fingerprintTables(db)).toEqual(before);
  });

  it("serves public/ and the build's assets from disk, and every other path from the app", async () => {
    const icon = await fetch(`${served.origin}/favicon.svg`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
    expect(icon.headers.get("cache-control")).toBe("public, max-age=3600");
    await icon.arrayBuffer();
    const page = await (await fetch(`${served.origin}/login`)).text();
    const stylesheet = /href="(\/build\/[^"]+\.css)"/.exec(page)?.[1];
    expect(stylesheet).toBeDefined();
    const asset = await fetch(`${served.origin}${stylesheet}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    await asset.arrayBuffer();
    // A path that is no file of public/ is the app's: its own 404 page, not a file lookup's.
    for (const path of ["/favicon.svgx", "/no-such-file.txt", "/build-notes"]) {
      const missing = await fetch(`${served.origin}${path}`);
      expect(missing.status, path).toBe(404);
      expect(missing.headers.get("content-type"), path).toBe("text/html; charset=utf-8");
      expect(await missing.text(), path).toContain("<!DOCTYPE html>");
    }
  });

  it("stops taking requests while draining, and lets the one in flight finish", async () => {
    const draining = await serve(use().handle);
    try {
      // A sign-in request whose body is still arriving: in flight until the body ends.
      const body = "email=drain%40example.org";
      const url = new URL(`${draining.origin}/login`);
      const inFlight = http.request({
        host: url.hostname,
        port: url.port,
        path: "/login",
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": String(body.length),
          "Sec-Fetch-Site": "same-origin",
        },
      });
      const answered = new Promise<number>((resolve, reject) => {
        inFlight.on("response", (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        inFlight.on("error", reject);
      });
      inFlight.write(body.slice(0, 5));
      await new Promise((resolve) => setTimeout(resolve, 200));

      let drained = false;
      const drain = draining.summit.drain(10_000).then(() => (drained = true));
      const refused = await fetch(`${draining.origin}/healthz`);
      expect(refused.status).toBe(503);
      expect(refused.headers.get("connection")).toBe("close");
      expect(await refused.text()).toMatch(/restarting/);
      expect(drained).toBe(false);

      inFlight.end(body.slice(5));
      expect([302, 303, 429]).toContain(await answered);
      const started = Date.now();
      await drain;
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await draining.close();
    }
  });
});

describeEachDatabase("HTTP when the database is gone", (use) => {
  let dataDir: string;
  let gone: DatabaseHandle;
  let served: Served;
  let liveServed: Served;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "summit-gone-"));
    const kind = use().kind;
    // A database of its own, closed under the running app.
    gone = await openDatabase(
      kind === "postgres" ? { databaseUrl: use().location, dataDir, poolSize: 2 } : { dataDir },
    );
    served = await serve(gone);
    liveServed = await serve(use().handle);
  });

  afterAll(async () => {
    await served?.close();
    await liveServed?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("/healthz answers 200 while the database answers, 503 once it is closed", async () => {
    const live = await fetch(`${served.origin}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.text()).toBe("ok");
    await gone.close();
    const down = await fetch(`${served.origin}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.text()).toBe("database unavailable");
    // Another app on a live database is unaffected.
    expect((await fetch(`${liveServed.origin}/healthz`)).status).toBe(200);
  });

  it("answers database failures with generic pages: no stack trace, SQL or path", async () => {
    const leaks = [/\bat [\w.<>]+ \(/, /node_modules/, /\/work\//, /\.tsx?\b/, /select\b/i, /pglite|kysely|postgres/i];
    const page = await fetch(`${served.origin}/`);
    expect(page.status).toBe(500);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await page.text();
    expect(html).toContain("Something went wrong on our side");
    const visible = html.replace(/<script\b[\s\S]*?<\/script>/g, "");
    for (const leak of leaks) expect(visible).not.toMatch(leak);
    const context = /window\.__remixContext = ([\s\S]*?);<\/script>/.exec(html)?.[1] ?? "";
    expect(context).not.toMatch(/stack|\/work\/|node_modules/);

    const data = await fetch(`${served.origin}/?_data=routes%2F_index`);
    expect(data.status).toBe(500);
    const json = await data.text();
    for (const leak of leaks) expect(json).not.toMatch(leak);
    expect(json).not.toContain("stack");

    // With a session cookie the session is read with the page (the viewer is read on first use),
    // so the failure gets the same generic page, with no leak.
    const withCookie = await fetch(`${served.origin}/`, {
      headers: { Cookie: "session=abcdefghijklmnopqrstuvwxyz234567abcdefghijklmnopqrst" },
    });
    expect(withCookie.status).toBe(500);
    const text = await withCookie.text();
    expect(text).toContain("Something went wrong on our side");
    for (const leak of leaks) expect(text.replace(/<script\b[\s\S]*?<\/script>/g, "")).not.toMatch(leak);
  });
});
