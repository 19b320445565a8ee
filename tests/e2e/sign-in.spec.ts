import { randomBytes } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { Page } from "@playwright/test";
import { expect, expectNoA11yViolations, sessionCookie, test, uniqueEmail, visit } from "./fixtures";

/** Asks for a sign-in link on /login the way a person does, and checks the answer page. */
async function requestLink(page: Page, email: string): Promise<void> {
  await visit(page, "/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText("Check your email");
  await expectNoA11yViolations(page);
}

function signInLinkIn(links: string[]): string {
  const link = links.find((l) => l.includes("/login/verify?token="));
  if (!link) throw new Error(`no sign-in link among ${JSON.stringify(links)}`);
  return link;
}

/** Opens a sign-in link: the page only offers a button, and opening it signs nobody in (R9). */
async function openLink(page: Page, link: string): Promise<void> {
  const response = await visit(page, link);
  expect(response.status()).toBe(200);
  // The token is in this page's address: it must not reach other sites or any cache (R9).
  expect(["no-referrer", "same-origin"]).toContain(response.headers()["referrer-policy"]);
  expect(response.headers()["cache-control"]).toContain("no-store");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Summit" })).toBeVisible();
  expect(await sessionCookie(page), "opening the link alone must not sign in").toBeNull();
}

const signInButton = (page: Page) => page.getByRole("main").getByRole("button", { name: "Sign in" });
const headerSignOut = (page: Page) => page.getByRole("banner").getByRole("button", { name: "Sign out" });

async function expectRefusal(page: Page, message: RegExp): Promise<void> {
  await expect(page.getByRole("heading", { level: 1, name: "This link cannot sign you in" })).toBeVisible();
  await expect(page.getByRole("alert")).toContainText(message);
  await expect(page.getByRole("link", { name: "Get a new sign-in link" })).toBeVisible();
  await expect(signInButton(page)).toHaveCount(0);
  await expectNoA11yViolations(page);
  expect(await sessionCookie(page), "a refused link must leave no session").toBeNull();
}

test.describe("signing in by email", () => {
  test("a link read from the mailbox signs in; signing out ends the session on the server", async ({
    page,
    origin,
    readLatestMail,
    request,
  }) => {
    const email = uniqueEmail("ada");
    await requestLink(page, email);

    const mail = await readLatestMail(email);
    expect(mail.subject).toBe("Your Summit sign-in link");
    expect(mail.to).toContain(email);
    const link = signInLinkIn(mail.links);
    expect(new URL(link).origin, "links are built from APP_ORIGIN").toBe(origin);

    await openLink(page, link);
    await signInButton(page).click();
    await expect(headerSignOut(page)).toBeVisible();
    await expectNoA11yViolations(page);
    const session = await sessionCookie(page);
    expect(session).not.toBeNull();
    // R1: out of reach of scripts, sent on same-site navigations only.
    const cookie = (await page.context().cookies()).find((c) => c.value === session)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(await page.evaluate(() => document.cookie)).not.toContain(session!);

    // The first sign-in created the user; the profile shows the address.
    await visit(page, "/profile");
    await expect(page.getByRole("heading", { level: 1, name: "Your profile" })).toBeVisible();
    await expect(page.getByText(email)).toBeVisible();

    await headerSignOut(page).click();
    await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
    await expectNoA11yViolations(page);
    expect(await sessionCookie(page)).toBeNull();

    // Replaying the old cookie gets no further than the sign-in page: the server forgot the session.
    const replay = await request.get(`${origin}/profile`, {
      headers: { Cookie: `session=${session}` },
      maxRedirects: 0,
    });
    expect(replay.status()).toBe(302);
    expect(replay.headers()["location"]).toMatch(/^\/login\?next=/);
  });

  test("opening /logout with GET signs nobody out; it only offers the button", async ({ page, signInAs }) => {
    await signInAs(page, uniqueEmail("grace"));
    await visit(page, "/logout");
    await expect(page.getByRole("main").getByRole("button", { name: "Sign out" })).toBeVisible();
    const response = await visit(page, "/profile");
    expect(response.status()).toBe(200);
    await expect(headerSignOut(page)).toBeVisible();
  });

  test("a malformed address gets a message beside the field, keeps what was typed, and sends nothing", async ({
    page,
    origin,
    request,
  }) => {
    await visit(page, "/login");
    const field = page.getByLabel("Email address");
    await field.fill("ada.lovelace at example.org");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();

    await expect(field).toHaveAttribute("aria-invalid", "true");
    const describedBy = (await field.getAttribute("aria-describedby")) ?? "";
    const errorId = describedBy.split(" ")[0]!;
    const message = page.locator(`[id="${errorId}"]`);
    await expect(message).toHaveClass(/field-error/);
    await expect(message).toBeVisible();
    await expect(message).not.toBeEmpty();
    await expect(field).toHaveValue("ada.lovelace at example.org");
    await expect(page.getByRole("status")).toHaveCount(0);
    await expectNoA11yViolations(page);

    expect(await sessionCookie(page)).toBeNull();
    const mail = await request.get(`${origin}/__test/mail/latest`, { params: { to: "ada.lovelace@example.org" } });
    expect(mail.status(), "no mail may be queued").toBe(404);
  });

  test("an expired link is refused with a clear message and no session", async ({ page, readLatestMail, testData }) => {
    const email = uniqueEmail("expired");
    await requestLink(page, email);
    const link = signInLinkIn((await readLatestMail(email)).links);
    await openLink(page, link);

    // The page was opened in time, the button pressed too late.
    expect(await testData.expireSignInLinks(email)).toBe(1);
    await signInButton(page).click();
    await expectRefusal(page, /has expired/);

    // Opened again, the link says so at once.
    const again = await page.goto(link);
    expect(again?.status()).toBe(410);
    await expectRefusal(page, /has expired/);
  });

  test("a link that was already used is refused in another browser", async ({
    browser,
    page,
    readLatestMail,
    baseURL,
  }) => {
    const email = uniqueEmail("used");
    await requestLink(page, email);
    const link = signInLinkIn((await readLatestMail(email)).links);

    const other = await browser.newContext({ baseURL });
    try {
      const second = await other.newPage();
      await openLink(second, link);
      await openLink(page, link);

      await signInButton(page).click();
      await expect(headerSignOut(page)).toBeVisible();

      await signInButton(second).click();
      await expectRefusal(second, /already been used/);
      const again = await second.goto(link);
      expect(again?.status()).toBe(410);
      await expectRefusal(second, /already been used/);
    } finally {
      await other.close();
    }
  });

  test("a forged or malformed token is refused with a clear message and no session", async ({ page, origin }) => {
    // Well-formed (32 random bytes in base32, as issued tokens are) but never issued.
    const forged = encodeBase32LowerCaseNoPadding(randomBytes(32));
    const shown = await visit(page, `/login/verify?token=${forged}`);
    expect(shown.status()).toBe(400);
    await expectRefusal(page, /not valid/);

    // Posting it directly, as a script would, gets no further.
    const posted = await page.request.post(`${origin}/login/verify`, {
      form: { token: forged },
      headers: { Origin: origin },
    });
    expect(posted.status()).toBe(400);
    expect(posted.headers()["set-cookie"] ?? "").not.toMatch(/session=[a-z0-9]/);
    expect(await sessionCookie(page)).toBeNull();

    const malformed = await visit(page, "/login/verify?token=abc123");
    expect(malformed.status()).toBe(400);
    await expectRefusal(page, /not valid/);
  });
});
