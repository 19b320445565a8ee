// Every page runs its browser code without an error. A page that imports a
// value from a *.server module into its component renders on the server and
// then breaks in the browser, where that module is empty: only a browser with
// JavaScript on sees it. The sign-in page is sent without scripts (root.tsx):
// it has no browser code to run, and it must stay so.
import { expect, test, uniqueEmail, visit, type TestSummit } from "./fixtures";
import type { Page } from "@playwright/test";

/** Waits until Remix has taken over the page in the browser: its scripts came and ran. */
async function expectHydrated(page: Page, path: string): Promise<void> {
  await expect.poll(() => page.evaluate(() => "__remixRouter" in window), { message: path }).toBe(true);
}

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  return errors;
}

test.describe("pages run their browser code without errors", () => {
  let summit: TestSummit;
  let organizer: string;

  test.beforeEach(async ({ testData }) => {
    summit = await testData.createSummit({ title: "Hydration Summit" });
    organizer = uniqueEmail("organizer");
    await testData.createUser({ email: organizer, displayName: "Hana Hydrate", isAdmin: true });
    await testData.grantRole({ slug: summit.slug, email: organizer, role: "organizer" });
  });

  test("every page an organizer and admin opens", async ({ page, signInAs }) => {
    const errors = collectErrors(page);
    await signInAs(page, organizer);
    const paths = [
      "/",
      "/profile",
      "/admin",
      `/admin/summits/${summit.slug}`,
      `/summits/${summit.slug}`,
      `/summits/${summit.slug}/manage`,
      `/summits/${summit.slug}/eligibility`,
      `/summits/${summit.slug}/sources`,
      `/summits/${summit.slug}/roster`,
      `/summits/${summit.slug}/attendees`,
    ];
    for (const path of paths) {
      const response = await visit(page, path);
      expect(response.status(), path).toBe(200);
      await page.waitForLoadState("networkidle");
      await expectHydrated(page, path);
      await expect(page.getByRole("heading", { level: 1 }), path).toBeVisible();
      await expect(page.getByText("Something went wrong on our side"), path).toHaveCount(0);
    }
    expect(errors).toEqual([]);
  });

  test("the agenda item pages an organizer opens", async ({ page, signInAs, testData, origin }) => {
    const errors = collectErrors(page);
    const items = await testData.createSummit({ title: "Hydration Items Summit", phase: "proposals" });
    await testData.grantRole({ slug: items.slug, email: organizer, role: "organizer" });
    await signInAs(page, organizer);
    const created = await page.request.post(`${origin}/summits/${items.slug}/items/new`, {
      form: {
        intent: "submit",
        title: "Maintainer -next trees",
        outcomeKind: "decision",
        desiredOutcome: "Decide whether maintainers keep their own -next trees open during the freeze.",
        background: "Some **Markdown**.",
        minutesNeeded: "30",
        leadId: "",
        links: "https://lists.example.org/archives/1",
      },
      headers: { Origin: origin },
      maxRedirects: 0,
    });
    expect(created.status(), await created.text()).toBe(302);
    const paths = [
      `/summits/${items.slug}/items`,
      `/summits/${items.slug}/items?status=submitted&q=trees&sort=cosponsors`,
      `/summits/${items.slug}/items/new`,
      `/summits/${items.slug}/items/1`,
      `/summits/${items.slug}/items/1/edit`,
      `/summits/${items.slug}/triage`,
    ];
    for (const path of paths) {
      const response = await visit(page, path);
      expect(response.status(), path).toBe(200);
      await page.waitForLoadState("networkidle");
      await expectHydrated(page, path);
      await expect(page.getByRole("heading", { level: 1 }), path).toBeVisible();
      await expect(page.getByText("Something went wrong on our side"), path).toHaveCount(0);
    }
    // The lists' links are plain anchors that navigate inside the app: no new document is loaded.
    const documents: string[] = [];
    page.on("request", (request) => {
      if (request.resourceType() === "document") documents.push(request.url());
    });
    await page.goto(`/summits/${items.slug}/triage`);
    await expectHydrated(page, "triage");
    documents.length = 0;
    await page.getByRole("link", { name: "Return, merge or decline item 1" }).click();
    await expect(page.getByRole("heading", { name: "Decide on item 1" })).toBeVisible();
    await page.getByRole("link", { name: "#1 Maintainer -next trees" }).click();
    await expect(page).toHaveURL(new RegExp(`/summits/${items.slug}/items/1$`));
    expect(documents).toEqual([]);
    await page.goto(`/summits/${items.slug}/items`);
    await expectHydrated(page, "the item list");
    documents.length = 0;
    await page.getByRole("link", { name: "#1 Maintainer -next trees" }).click();
    await expect(page).toHaveURL(new RegExp(`/summits/${items.slug}/items/1$`));
    await expect(page.getByRole("heading", { name: "Maintainer -next trees" })).toBeVisible();
    expect(documents).toEqual([]);
    // The proposal form validates in the browser: its checks load when someone starts on the form,
    // not with the page, and then refuse an empty form without sending it.
    const checks: string[] = [];
    page.on("request", (request) => {
      if (/\/item-checks-[^/]*\.js$/.test(new URL(request.url()).pathname)) checks.push(request.url());
    });
    await page.goto(`/summits/${items.slug}/items/new`);
    await page.waitForLoadState("networkidle");
    await expectHydrated(page, "the proposal form");
    expect(checks).toEqual([]);
    await page.getByLabel("Title").focus();
    await expect.poll(() => checks.length).toBe(1);
    await page.waitForLoadState("networkidle");
    await page.getByRole("button", { name: "Submit to the organizers" }).click();
    await expect(page.getByLabel("Title")).toHaveAttribute("aria-invalid", "true");
    expect(errors).toEqual([]);
  });

  test("the pages of a visitor and of a member asking for a seat", async ({ page, signInAs }) => {
    const errors = collectErrors(page);
    for (const path of ["/", `/summits/${summit.slug}`]) {
      const response = await visit(page, path);
      expect(response.status(), path).toBe(200);
      await page.waitForLoadState("networkidle");
      await expectHydrated(page, path);
      await expect(page.getByRole("heading", { level: 1 }), path).toBeVisible();
    }
    // The sign-in page comes without a script or a module to preload; its form posts to the server as it is.
    const signIn = await visit(page, "/login");
    expect(signIn.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    await expect(page.locator('script, link[rel="modulepreload"]')).toHaveCount(0);
    expect(await page.evaluate(() => "__remixRouter" in window)).toBe(false);
    // Reached by a link from a page with scripts, the sign-in page is rendered in the browser: its code runs there.
    await visit(page, "/");
    await expectHydrated(page, "/");
    await page.getByRole("banner").getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/login$/);
    const email = page.getByLabel("Email address");
    await email.fill("not-an-address");
    await email.blur();
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await signInAs(page, uniqueEmail("member"));
    const response = await visit(page, `/summits/${summit.slug}/request-seat`);
    // A closed summit answers with a page that says so; either way the page must run.
    expect(response.status()).toBeLessThan(500);
    await page.waitForLoadState("networkidle");
    await expect(page.getByText("Something went wrong on our side")).toHaveCount(0);
    expect(errors.filter((e) => !/status of 40\d/.test(e))).toEqual([]);
  });
});
