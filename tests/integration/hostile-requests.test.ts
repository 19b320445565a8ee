// What arrives at the edge from someone with no account, over real HTTP: bodies
// that never end, cookies another app set, a `next` that leaves the site, a
// proxy that does not pass Host on, token paths spelled otherwise, bad percent
// escapes and text that is not UTF-8. Each is answered plainly and changes nothing.
import { once } from "node:events";
import http from "node:http";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sessionSettingsFrom } from "../../app/auth/settings";
import { startSession } from "../../app/auth/session.server";
import { parseConfig } from "../../app/lib/config.server";
import { makeUser, summitWithOrganizer } from "../helpers/factories/summits";
import { buildFixture, objectsOf, paramsOf, POLICY, routePath, userOf, type Role } from "../helpers/route-harness";
import { fingerprintTables } from "../helpers/table-fingerprint";
import { serve, type Served } from "../helpers/serve-app";
import { describeEachDatabase, type TestDatabase } from "../helpers/test-db";
import { waitFor } from "../helpers/wait-for";

/** A logger whose JSON lines are kept, to read what the log says. */
function capturedLog() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { log: pino({ level: "info", base: undefined }, sink), lines };
}

interface Answer {
  status: number;
  body: string;
  /** Body bytes the client had handed to its socket when the answer came. */
  sent: number;
}

/**
 * POSTs a body of `total` bytes with no Content-Length (chunked), stopping as
 * soon as an answer arrives or the server closes the connection.
 */
async function postChunked(origin: string, path: string, total: number): Promise<Answer> {
  const request = http.request(`${origin}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: origin,
      "Sec-Fetch-Site": "same-origin",
    },
  });
  let sent = 0;
  let done = false;
  const answered = new Promise<Answer>((resolve, reject) => {
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (text: string) => (body += text));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body, sent }));
      response.on("error", () => resolve({ status: response.statusCode ?? 0, body, sent }));
    });
    request.on("error", (error) => (done ? undefined : reject(error)));
  }).finally(() => (done = true));
  const chunk = Buffer.alloc(64 * 1024, "a");
  request.write("email=");
  while (!done && sent < total) {
    const more = request.write(chunk);
    sent += chunk.length;
    if (!more) {
      await Promise.race([once(request, "drain"), answered.catch(() => undefined)]);
    }
  }
  const answer = await answered;
  request.destroy();
  return answer;
}

describeEachDatabase("hostile requests at the edge", (use) => {
  let t: TestDatabase;
  let served: Served;
  let proxied: Served;
  let captured: ReturnType<typeof capturedLog>;
  let sessionCookie: string;

  beforeAll(async () => {
    t = use();
    captured = capturedLog();
    served = await serve(t.handle, { log: captured.log });
    // Behind a proxy that passes neither Host nor the scheme on: the configured origin is the truth.
    proxied = await serve(t.handle, { appOrigin: "https://summit.example.test" });
    const user = await t.db
      .insertInto("app_user")
      .values({ email: "edge@example.org", display_name: "Edge Case" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const settings = sessionSettingsFrom(parseConfig({ APP_ORIGIN: served.origin }));
    sessionCookie = (await startSession(t.db, settings, user.id)).split(";")[0]!;
  });

  afterAll(async () => {
    await served?.close();
    await proxied?.close();
  });

  const post = (origin: string, path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${origin}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: {
        Origin: origin,
        "Sec-Fetch-Site": "same-origin",
        "Content-Type": "application/x-www-form-urlencoded",
        ...headers,
      },
      body,
    });

  it("cuts a chunked body off at the limit, answers 413 without echoing it, and goes on serving", async () => {
    const before = await fingerprintTables(t.db);
    const answer = await postChunked(served.origin, "/login", 200 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(answer.body).toBe("Request body too large.");
    // 1 MB is read; what the sockets' buffers hold besides stays far below the 200 MB offered.
    expect(answer.sent).toBeLessThan(32 * 1024 * 1024);
    expect(await fingerprintTables(t.db)).toEqual(before);
    const page = await fetch(`${served.origin}/login`);
    expect(page.status).toBe(200);
  }, 60_000);

  it("ignores a cookie it cannot decode, another app's or its own, and keeps the session beside it", async () => {
    for (const cookie of ["prefs=50%", "prefs=%E0%A4%A; theme=dark", "session=%ZZ", "session=50%; prefs=50%"]) {
      const signIn = await fetch(`${served.origin}/login`, { headers: { Cookie: cookie } });
      expect(signIn.status, cookie).toBe(200);
      const home = await fetch(`${served.origin}/`, { headers: { Cookie: cookie } });
      expect(home.status, cookie).toBe(200);
    }
    const profile = await fetch(`${served.origin}/profile`, {
      headers: { Cookie: `prefs=50%; ${sessionCookie}; other=%` },
      redirect: "manual",
    });
    expect(profile.status).toBe(200);
    expect(await profile.text()).toContain("Edge Case");
  });

  it("answers every page of the policy table the same with undecodable cookies beside the session, for each role", async () => {
    const f = await buildFixture(t.db);
    const settings = sessionSettingsFrom(parseConfig({ APP_ORIGIN: served.origin }));
    const roles: Role[] = ["anonymous", "member", "attendee", "organizer"];
    const sessions = new Map<Role, string>();
    for (const role of roles) {
      const user = userOf(f, role);
      sessions.set(role, user ? (await startSession(t.db, settings, user.id)).split(";")[0]! : "");
    }
    const problems: string[] = [];
    const manage = new Map<Role, number>();
    let pages = 0;
    for (const [stem, policy] of Object.entries(POLICY)) {
      if (!policy.loader) continue;
      const object = objectsOf(stem).includes("own") ? "own" : "none";
      const path = `${routePath(stem, paramsOf(stem, object, f))}${policy.query ? policy.query(f) : ""}`;
      for (const role of roles) {
        const session = sessions.get(role)!;
        const get = (cookie: string) =>
          fetch(`${served.origin}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
        const plain = (await get(session)).status;
        if (stem === "summits.$slug.manage") manage.set(role, plain);
        const hostile = (await get(["prefs=50%", "theme=%E0%A4%A", session].filter(Boolean).join("; "))).status;
        pages++;
        if (hostile !== plain || hostile >= 500) problems.push(`${role} ${path}: ${plain} plain, ${hostile} hostile`);
      }
    }
    expect(problems).toEqual([]);
    expect(pages).toBeGreaterThan(40);
    // The sessions were read: each role met its own answer on a guarded page.
    expect(Object.fromEntries(manage)).toEqual({ anonymous: 302, member: 403, attendee: 403, organizer: 200 });
  });

  it("keeps a `next` that leaves the site out of the sign-in form and its mail", async () => {
    for (const next of ["/%09/evil.example", "/%0A/evil.example", "/%5Cevil.example", "/.//evil.example"]) {
      const page = await fetch(`${served.origin}/login?next=${next}`);
      expect(page.status).toBe(200);
      // The form carries no such `next` (the page's own address, in its data, still shows what was asked).
      expect(await page.text(), next).not.toMatch(/name="next"[^>]*evil\.example/);
    }
    const address = `next-${Date.now()}@example.org`;
    await t.db.insertInto("app_user").values({ email: address, display_name: "Next" }).execute();
    const sent = await post(served.origin, "/login", new URLSearchParams({ email: address, next: "/\t/evil.example" }));
    expect(sent.status).toBeLessThan(400);
    const mail = await t.db.selectFrom("outbox").select("body").where("recipient", "=", address).execute();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.body).not.toContain("evil.example");
  });

  it("answers forms normally when Host is not the configured origin's (a proxy that does not pass it on)", async () => {
    const answer = await post(
      proxied.origin,
      "/login",
      new URLSearchParams({ email: `proxied-${Date.now()}@example.org` }),
      { Origin: "https://summit.example.test" },
    );
    expect(answer.status).toBeLessThan(400);
    expect(answer.headers.get("location") ?? "").not.toContain("127.0.0.1");
  });

  it("masks an invitation's token in the log however the path spells it", async () => {
    const spellings = [
      "/invitations/SECRET-plain",
      "/Invitations/SECRET-capital",
      "/%69nvitations/SECRET-escaped",
      "//invitations/SECRET-doubled",
      "/summits/../invitations/SECRET-dotted",
    ];
    for (const path of spellings) await (await fetch(`${served.origin}${path}`, { redirect: "manual" })).text();
    // The request line is written once the answer is sent, which is after the client has read it.
    await waitFor(
      "a request line for each spelling",
      () => captured.lines.filter((line) => line.msg === "request").length >= spellings.length,
    );
    const logged = JSON.stringify(captured.lines);
    expect(logged).not.toContain("SECRET");
    const paths = captured.lines.filter((line) => line.msg === "request").map((line) => String(line.path));
    expect(paths.filter((path) => path === "/invitations/:token").length).toBeGreaterThanOrEqual(spellings.length);
  });

  it("guards an organizer's page the same however its path is spelled", async () => {
    const { slug, organizer } = await summitWithOrganizer(t.db);
    const settings = sessionSettingsFrom(parseConfig({ APP_ORIGIN: served.origin }));
    const member = await makeUser(t.db, "Member");
    const cookies = {
      anonymous: "",
      member: (await startSession(t.db, settings, member.id)).split(";")[0]!,
      organizer: (await startSession(t.db, settings, organizer.id)).split(";")[0]!,
    };
    const canonical = `/summits/${slug}/manage`;
    const spellings = [
      `/Summits/${slug}/MANAGE`,
      `//summits/${slug}//manage`,
      `/summits/${slug}/%6danage`,
      `/summits/${slug}/x/../manage`,
    ];
    for (const [who, cookie] of Object.entries(cookies)) {
      const get = (path: string) =>
        fetch(`${served.origin}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
      const expected = (await get(canonical)).status;
      expect(expected, who).toBe(who === "organizer" ? 200 : who === "member" ? 403 : 302);
      for (const path of spellings) {
        const status = (await get(path)).status;
        // Refused as the canonical path is, or not found at all: never let through.
        if (who === "organizer") expect([200, 404], `${who} ${path}`).toContain(status);
        else expect([expected, 404], `${who} ${path}`).toContain(status);
      }
    }
  });

  it("answers a bad percent escape in the path with 400, and logs no error", async () => {
    const before = captured.lines.length;
    for (const path of ["/%FF", "/summits/%E0%A4%A/items", "/invitations/%C3%28"]) {
      const answer = await fetch(`${served.origin}${path}`);
      expect(answer.status, path).toBe(400);
      expect(await answer.text()).toBe("Bad request: this address is not valid.");
    }
    const errors = captured.lines.slice(before).filter((line) => Number(line.level) >= 50);
    expect(errors).toEqual([]);
  });

  it("refuses a form whose text is not UTF-8 with 400, storing nothing", async () => {
    const before = await fingerprintTables(t.db);
    const bodies: BodyInit[] = [
      "email=edge%FF%40example.org",
      "email=edge%C3%40example.org",
      Uint8Array.from([...Buffer.from("email=edge"), 0xff, ...Buffer.from("@example.org")]),
    ];
    for (const body of bodies) {
      const answer = await post(served.origin, "/login", body);
      expect(answer.status).toBe(400);
      expect(await answer.text()).toContain("not valid UTF-8");
    }
    const multipart = Buffer.concat([
      Buffer.from('--b\r\nContent-Disposition: form-data; name="email"\r\n\r\nedge'),
      Buffer.from([0xff]),
      Buffer.from("@example.org\r\n--b--\r\n"),
    ]);
    const answer = await post(served.origin, "/login", multipart, {
      "Content-Type": "multipart/form-data; boundary=b",
    });
    expect(answer.status).toBe(400);
    expect(await fingerprintTables(t.db)).toEqual(before);
  });
});
