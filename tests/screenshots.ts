// `npm run screenshots`: pictures of the main pages for the README, taken with the
// same Chromium setup as the browser tests. Builds when the build is missing or
// older than the sources, starts the app on a fresh embedded database with the
// demo, signs in as demo users through the test routes, and writes PNGs at laptop
// and phone widths into public/screenshots/.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { CHROMIUM_ARGS, CHROMIUM_PATH, LAPTOP_VIEWPORT, PHONE_VIEWPORT } from "./helpers/browser";
import { freePort, REPO_ROOT, startApp, type RunningApp } from "./helpers/app-server";

const OUT_DIR = join(REPO_ROOT, "public", "screenshots");
const DEMO_SLUG = "qemu-summit-2017";
const ORGANIZER = "peter.maydell@demo.summit.test";
const ADMIN = "admin@demo.summit.test";
const MAIL_RECIPIENT = "stefan.hajnoczi@demo.summit.test";

interface Shot {
  name: string;
  path: string;
  /** Demo user to sign in as; anonymous when absent. */
  as?: string;
}

const SHOTS: Shot[] = [
  { name: "home", path: "/" },
  { name: "summit", path: `/summits/${DEMO_SLUG}`, as: ORGANIZER },
  { name: "manage", path: `/summits/${DEMO_SLUG}/manage`, as: ORGANIZER },
  { name: "eligibility", path: `/summits/${DEMO_SLUG}/eligibility`, as: ORGANIZER },
  { name: "roster", path: `/summits/${DEMO_SLUG}/roster`, as: ORGANIZER },
  { name: "items", path: `/summits/${DEMO_SLUG}/items`, as: ORGANIZER },
  { name: "item", path: `/summits/${DEMO_SLUG}/items/3`, as: ORGANIZER },
  { name: "propose", path: `/summits/${DEMO_SLUG}/items/new`, as: ORGANIZER },
  { name: "triage", path: `/summits/${DEMO_SLUG}/triage`, as: ORGANIZER },
  { name: "login", path: "/login" },
  { name: "dev-mail", path: "/dev/mail" },
  { name: "admin", path: "/admin", as: ADMIN },
];

const VIEWPORTS = [
  { name: "laptop", size: LAPTOP_VIEWPORT },
  { name: "phone", size: PHONE_VIEWPORT },
];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIfNeeded(): void {
  const built = join(REPO_ROOT, "build", "index.js");
  const sources = Math.max(newestMtime(join(REPO_ROOT, "app")), newestMtime(join(REPO_ROOT, "db")));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  process.stdout.write("Building (npm run build)...\n");
  const result = spawnSync("npm", ["run", "build"], { cwd: REPO_ROOT, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal})`);
}

/** Puts a session cookie for a demo user into the page's context. */
async function signIn(page: Page, origin: string, email: string): Promise<void> {
  const response = await page
    .context()
    .request.post(`${origin}/__test/users`, { data: { email }, headers: { Origin: origin } });
  if (!response.ok()) throw new Error(`signing in as ${email} failed: ${response.status()} ${await response.text()}`);
}

/** Requests a sign-in link so that /dev/mail has a message to show, and waits until it is delivered. */
async function deliverSignInMail(browser: Browser, origin: string): Promise<void> {
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email address").fill(MAIL_RECIPIENT);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await page.waitForURL(/\/login\?sent=1$/);
  const deadline = Date.now() + 20_000;
  let status = "not queued";
  while (Date.now() < deadline) {
    const response = await context.request.get(`${origin}/__test/mail/latest`, { params: { to: MAIL_RECIPIENT } });
    if (response.ok()) status = ((await response.json()) as { status: string }).status;
    if (status === "sent") break;
    await new Promise((done) => setTimeout(done, 200));
  }
  if (status !== "sent")
    throw new Error(`the sign-in mail to ${MAIL_RECIPIENT} was not delivered within 20 s (${status})`);
  await context.close();
}

async function main(): Promise<void> {
  buildIfNeeded();
  mkdirSync(OUT_DIR, { recursive: true });
  let app: RunningApp | null = null;
  let browser: Browser | null = null;
  const stopOnSignal = () => {
    void Promise.allSettled([browser?.close(), app?.stop()]).finally(() => process.exit(130));
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  try {
    // The e2e environment, except that /dev/mail exists only outside production, as in `npm run demo`.
    app = await startApp({ port: await freePort(), env: { NODE_ENV: "development" }, stdio: "ignore" });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    await deliverSignInMail(browser, app.origin);
    for (const viewport of VIEWPORTS) {
      for (const shot of SHOTS) {
        const context = await browser.newContext({
          baseURL: app.origin,
          viewport: viewport.size,
          reducedMotion: "reduce",
        });
        const page = await context.newPage();
        if (shot.as) await signIn(page, app.origin, shot.as);
        const response = await page.goto(shot.path, { waitUntil: "networkidle" });
        if (!response || response.status() !== 200) {
          throw new Error(`${shot.path} as ${shot.as ?? "a visitor"} answered ${response?.status() ?? "nothing"}`);
        }
        const file = join(OUT_DIR, `${shot.name}-${viewport.name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        process.stdout.write(`wrote ${file.slice(REPO_ROOT.length + 1)}\n`);
        await context.close();
      }
    }
  } finally {
    await browser?.close();
    await app?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`screenshots failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
