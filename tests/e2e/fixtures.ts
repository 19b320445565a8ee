// Playwright fixtures for Summit. Tests make their own users and summits through
// the server's /__test/ routes (the test process cannot open the server's
// database), so every spec runs the same on the embedded database and PostgreSQL.
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import {
  test as base,
  expect,
  type APIRequestContext,
  type BrowserContext,
  type Page,
  type Response,
} from "@playwright/test";
import { simpleParser } from "mailparser";

export { expect };

export interface TestUser {
  id: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
}

export interface TestSummit {
  id: string;
  slug: string;
  title: string;
}

export interface DeliveredMail {
  messageId: string;
  subject: string;
  to: string;
  /** The plain-text body as decoded from the delivered .eml file. */
  text: string;
  /** Every http(s) URL in the body, in order. */
  links: string[];
}

export interface TestData {
  createUser(input?: { email?: string; displayName?: string; isAdmin?: boolean }): Promise<TestUser>;
  createSummit(input?: { slug?: string; title?: string; phase?: string; isPublic?: boolean }): Promise<TestSummit>;
  grantRole(input: { slug: string; email: string; role: "organizer" | "minute_taker" }): Promise<void>;
  /** Makes an existing user an attendee: an accepted invitation, no mail. */
  addAttendee(input: { slug: string; email: string }): Promise<void>;
  /** Moves a summit to a phase directly, or changes whether it is public. */
  setSummit(input: { slug: string; phase?: string; isPublic?: boolean }): Promise<void>;
  /** Makes every unused sign-in link of the address expired. */
  expireSignInLinks(email: string): Promise<number>;
}

interface Fixtures {
  /** Notes contexts whose pages run no scripts, so axe-core is run on a copy of their pages instead. */
  scriptlessContexts: void;
  /** The app's origin for this project (its baseURL). */
  origin: string;
  testData: TestData;
  /** Creates the user when missing and puts a fresh session cookie into the page's browser context. */
  signInAs(page: Page, email: string, options?: { displayName?: string; isAdmin?: boolean }): Promise<TestUser>;
  /** Waits until the newest mail to the address is delivered to the mailbox folder and reads it from there. */
  readLatestMail(email: string, options?: { notMessageId?: string }): Promise<DeliveredMail>;
}

export type SignInAs = Fixtures["signInAs"];

export function uniqueEmail(prefix = "person"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}@e2e.summit.test`;
}

export function uniqueSlug(prefix = "summit"): string {
  return `${prefix}-${randomBytes(4).toString("hex")}`;
}

async function postJson<T>(request: APIRequestContext, origin: string, path: string, data: unknown): Promise<T> {
  // The CSRF gate stands before the test routes too: say where the request comes from.
  const response = await request.post(`${origin}${path}`, { data, headers: { Origin: origin } });
  const body = await response.text();
  if (!response.ok()) throw new Error(`POST ${path} answered ${response.status()}: ${body}`);
  return JSON.parse(body) as T;
}

function testDataFor(request: APIRequestContext, origin: string): TestData {
  return {
    async createUser(input = {}) {
      return postJson<TestUser>(request, origin, "/__test/users", {
        email: input.email ?? uniqueEmail(),
        ...(input.displayName ? { displayName: input.displayName } : {}),
        ...(input.isAdmin !== undefined ? { isAdmin: input.isAdmin } : {}),
        signIn: false,
      });
    },
    async createSummit(input = {}) {
      const slug = input.slug ?? uniqueSlug();
      const title = input.title ?? `Test Summit ${slug.slice(-8)}`;
      const created = await postJson<{ id: string; slug: string }>(request, origin, "/__test/summits", {
        slug,
        title,
        startsOn: "2031-10-25",
        endsOn: "2031-10-25",
        timezone: "Europe/Prague",
        venue: "Prague, co-located with KVM Forum",
        listAddress: "qemu-devel@e2e.summit.test",
        signOff: "-- The organizers",
        ...(input.phase ? { phase: input.phase } : {}),
        ...(input.isPublic !== undefined ? { isPublic: input.isPublic } : {}),
      });
      return { ...created, title };
    },
    async grantRole(input) {
      await postJson(request, origin, "/__test/summit-roles", input);
    },
    async addAttendee(input) {
      await postJson(request, origin, "/__test/attendees", input);
    },
    async setSummit(input) {
      await postJson(request, origin, "/__test/summit-settings", input);
    },
    async expireSignInLinks(email) {
      const result = await postJson<{ expired: number }>(request, origin, "/__test/sign-in-tokens/expire", { email });
      return result.expired;
    },
  };
}

interface OutboxView {
  messageId: string;
  status: string;
  lastError: string | null;
  eml: { file: string; text: string } | null;
}

/** Contexts made with javaScriptEnabled: false: axe-core cannot run inside their pages. */
const scriptless = new WeakSet<BrowserContext>();

/** A new context for a second person, scripts on or off; one without scripts is checked as such by `visit`. */
export async function newContextFor(
  browser: { newContext(options: { baseURL: string; javaScriptEnabled: boolean }): Promise<BrowserContext> },
  origin: string,
  javaScriptEnabled: boolean,
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: origin, javaScriptEnabled });
  if (!javaScriptEnabled) scriptless.add(context);
  return context;
}

export const test = base.extend<Fixtures>({
  scriptlessContexts: [
    async ({ context, javaScriptEnabled }, use) => {
      if (javaScriptEnabled === false) scriptless.add(context);
      await use();
    },
    { auto: true },
  ],

  origin: async ({ baseURL }, use) => {
    if (!baseURL) throw new Error("the project has no baseURL");
    await use(baseURL.replace(/\/$/, ""));
  },

  testData: async ({ request, origin }, use) => {
    await use(testDataFor(request, origin));
  },

  signInAs: async ({ origin }, use) => {
    await use(async (page, email, options = {}) => {
      // The page's context shares its cookie jar with context.request, so the session cookie lands in the browser.
      return postJson<TestUser>(page.context().request, origin, "/__test/users", { email, ...options });
    });
  },

  readLatestMail: async ({ request, origin }, use) => {
    await use(async (email, options = {}) => {
      const deadline = Date.now() + 20_000;
      let seen = "nothing queued";
      while (Date.now() < deadline) {
        const response = await request.get(`${origin}/__test/mail/latest`, { params: { to: email } });
        if (response.ok()) {
          const view = (await response.json()) as OutboxView;
          if (view.messageId !== options.notMessageId) {
            if (view.status === "dead" || view.status === "needs_confirmation") {
              throw new Error(`mail to ${email} was not delivered: ${view.status} (${view.lastError ?? "no error"})`);
            }
            if (view.eml) {
              const parsed = await simpleParser(view.eml.text);
              const text = parsed.text ?? "";
              return {
                messageId: parsed.messageId ?? view.messageId,
                subject: parsed.subject ?? "",
                to: Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(", ") : (parsed.to?.text ?? ""),
                text,
                links: text.match(/https?:\/\/[^\s<>"]+/g) ?? [],
              };
            }
            seen = `status ${view.status}`;
          }
        }
        await new Promise((done) => setTimeout(done, 150));
      }
      throw new Error(`no delivered mail to ${email} within 20 s (${seen})`);
    });
  },
});

/** Fails on serious or critical axe-core violations, listing each with the elements involved. */
export async function expectNoA11yViolations(page: Page): Promise<void> {
  const results = scriptless.has(page.context())
    ? await analyzeScriptlessPage(page)
    : await new AxeBuilder({ page }).analyze();
  const grave = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = grave
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary ?? ""}`).join("\n")}`,
    )
    .join("\n");
  expect(
    grave.map((v) => v.id),
    `axe-core found on ${page.url()}:\n${report}`,
  ).toEqual([]);
}

/**
 * axe-core is a script, so a page that runs none is checked as a copy: its
 * current HTML, scripts removed, served at the same address (so the same
 * stylesheets load) in a context where axe-core can run.
 */
async function analyzeScriptlessPage(page: Page) {
  // The server streams the document: copy it only once all of it has arrived, or the copy may
  // end mid-form (an input whose label had not come yet).
  await page.waitForLoadState("load");
  const url = page.url();
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
  const browser = page.context().browser();
  if (!browser) throw new Error("no browser for the copy of the page");
  const context = await browser.newContext({ viewport: page.viewportSize(), javaScriptEnabled: true });
  try {
    const copy = await context.newPage();
    await copy.route(url, (route) =>
      route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }),
    );
    await copy.goto(url);
    return await new AxeBuilder({ page: copy }).analyze();
  } finally {
    await context.close();
  }
}

/** Opens a path, checks the page with axe-core, and returns the response. */
export async function visit(page: Page, path: string): Promise<Response> {
  const response = await page.goto(path);
  if (!response) throw new Error(`no response for ${path}`);
  await expectNoA11yViolations(page);
  return response;
}

/** The session cookie of the page's context, if any (named __Host-session over https). */
export async function sessionCookie(page: Page): Promise<string | null> {
  const cookies = await page.context().cookies();
  return cookies.find((c) => c.name === "session" || c.name === "__Host-session")?.value ?? null;
}
