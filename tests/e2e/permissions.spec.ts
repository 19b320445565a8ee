// Organizer and admin pages refuse everyone else on the server: a 403 page that
// says why, or the sign-in page for visitors who are not signed in.
import { expect, test, uniqueEmail, visit, type TestSummit } from "./fixtures";

test.describe("who may open organizer and admin pages", () => {
  let summit: TestSummit;
  let organizer: string;

  test.beforeEach(async ({ testData }) => {
    summit = await testData.createSummit({ title: "Permissions Summit" });
    organizer = uniqueEmail("organizer");
    await testData.createUser({ email: organizer, displayName: "Olga Organizer" });
    await testData.grantRole({ slug: summit.slug, email: organizer, role: "organizer" });
  });

  test("the organizer may open the manage page", async ({ page, signInAs }) => {
    await signInAs(page, organizer);
    const response = await visit(page, `/summits/${summit.slug}/manage`);
    expect(response.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(summit.title);
  });

  test("a signed-in non-organizer gets the 403 page", async ({ page, signInAs }) => {
    await signInAs(page, uniqueEmail("attendee"));
    const response = await visit(page, `/summits/${summit.slug}/manage`);
    expect(response.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "You do not have access to this page" })).toBeVisible();
    await expect(page.getByText("Only the organizers of this summit can do this.")).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to the list of summits" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Sign in as someone else" })).toBeVisible();
    // Nothing of the management page leaks into the refusal.
    await expect(page.getByRole("button")).toHaveCount(1); // the header's "Sign out"
  });

  test("a minute-taker is not an organizer", async ({ page, signInAs, testData }) => {
    const minuteTaker = uniqueEmail("minutes");
    await testData.createUser({ email: minuteTaker });
    await testData.grantRole({ slug: summit.slug, email: minuteTaker, role: "minute_taker" });
    await signInAs(page, minuteTaker);
    const response = await visit(page, `/summits/${summit.slug}/manage`);
    expect(response.status()).toBe(403);
  });

  test("the organizer of another summit gets the 403 page", async ({ page, signInAs, testData }) => {
    const other = await testData.createSummit({ title: "Another Summit" });
    const otherOrganizer = uniqueEmail("elsewhere");
    await testData.createUser({ email: otherOrganizer });
    await testData.grantRole({ slug: other.slug, email: otherOrganizer, role: "organizer" });
    await signInAs(page, otherOrganizer);
    const response = await visit(page, `/summits/${summit.slug}/manage`);
    expect(response.status()).toBe(403);
  });

  test("a visitor who is not signed in is sent to sign in, and comes back afterwards", async ({ page }) => {
    await visit(page, `/summits/${summit.slug}/manage`);
    await expect(page).toHaveURL(`/login?next=${encodeURIComponent(`/summits/${summit.slug}/manage`)}`);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  });

  test("a non-admin on /admin gets the 403 page; an admin gets the page", async ({
    page,
    signInAs,
    browser,
    baseURL,
  }) => {
    await signInAs(page, uniqueEmail("member"));
    const refused = await visit(page, "/admin");
    expect(refused.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1, name: "You do not have access to this page" })).toBeVisible();
    await expect(page.getByText("Only administrators of this Summit installation can do this.")).toBeVisible();

    const adminContext = await browser.newContext({ baseURL });
    try {
      const adminPage = await adminContext.newPage();
      await signInAs(adminPage, uniqueEmail("admin"), { isAdmin: true });
      const allowed = await visit(adminPage, "/admin");
      expect(allowed.status()).toBe(200);
      await expect(adminPage.getByRole("heading", { level: 1 })).toBeVisible();
    } finally {
      await adminContext.close();
    }
  });

  test("a visitor on /admin is sent to sign in", async ({ page }) => {
    await visit(page, "/admin");
    await expect(page).toHaveURL(/\/login\?next=%2Fadmin$/);
  });

  test("an unknown summit's manage page is a 404 page, not an error", async ({ page, signInAs }) => {
    await signInAs(page, organizer);
    const response = await visit(page, "/summits/no-such-summit/manage");
    expect(response.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  });
});
