import type { Browser, Page } from "@playwright/test";
import { expect, expectNoA11yViolations, sessionCookie, test, uniqueEmail, visit } from "./fixtures";

function invitationLinkIn(links: string[], origin: string): string {
  const link = links.find((l) => l.startsWith(`${origin}/invitations/`));
  if (!link) throw new Error(`no invitation link among ${JSON.stringify(links)}`);
  return link;
}

/** Includes a person by hand on the eligibility page. */
async function include(page: Page, slug: string, email: string, name: string, reason: string): Promise<void> {
  await page.goto(`/summits/${slug}/eligibility`);
  const form = page.getByRole("region", { name: "Include a person by hand" });
  await form.getByLabel("Email address").fill(email);
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Reason").fill(reason);
  await form.getByRole("button", { name: "Include" }).click();
  await expect(page.getByRole("status").first()).toBeVisible();
}

async function inviteAll(page: Page, slug: string): Promise<void> {
  await visit(page, `/summits/${slug}/roster`);
  await page.getByRole("button", { name: /Invite everyone eligible not yet invited/ }).click();
  await expect(page.getByRole("status")).toContainText("Invited");
}

/** Opens the link in a browser of the invitee's own and presses a button. */
async function answer(browser: Browser, link: string, button: "Accept" | "Decline"): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await visit(page, link);
  expect(response.status()).toBe(200);
  expect(response.headers()["referrer-policy"]).toBe("no-referrer");
  expect(response.headers()["cache-control"]).toContain("no-store");
  expect(await sessionCookie(page), "opening the link alone signs nobody in").toBeNull();
  await page.getByRole("button", { name: button }).click();
  return page;
}

test.describe("invitations", () => {
  test("organizer invites; one accepts, one declines and the waitlisted person is offered the seat", async ({
    page,
    browser,
    origin,
    testData,
    signInAs,
    readLatestMail,
  }) => {
    const organizerEmail = uniqueEmail("organizer");
    const summit = await testData.createSummit();
    await signInAs(page, organizerEmail, { displayName: "Olga Organizer" });
    await testData.grantRole({ slug: summit.slug, email: organizerEmail, role: "organizer" });
    // Gaining a role retires the old session: sign in again.
    await signInAs(page, organizerEmail);

    // Two seats.
    await page.goto(`/summits/${summit.slug}/eligibility`);
    await page.getByLabel("Capacity").fill("2");
    await page.getByRole("button", { name: "Save open-summit settings" }).click();
    await expect(page.getByLabel("Capacity")).toHaveValue("2");

    const ada = uniqueEmail("ada");
    const bob = uniqueEmail("bob");
    const cyd = uniqueEmail("cyd");
    await include(page, summit.slug, ada, "Ada Accepts", "stable maintainer");
    await include(page, summit.slug, bob, "Bob Declines", "qemu.org system administrator");
    await inviteAll(page, summit.slug);
    await expect(page.getByRole("status")).toContainText("Invited 2 people");

    // The third is beyond capacity: waitlisted, not mailed.
    await include(page, summit.slug, cyd, "Cyd Waits", "maintainer: Block layer core");
    await inviteAll(page, summit.slug);
    await expect(page.getByRole("status")).toContainText("put 1 person on the waitlist");
    await page.getByLabel("Show").selectOption("waitlisted");
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(page.getByRole("cell", { name: cyd, exact: true })).toBeVisible();
    await expect(page.getByRole("cell", { name: ada, exact: true })).toHaveCount(0);
    await expectNoA11yViolations(page);

    // Ada accepts through the link in her mail and lands among the attendees.
    const adaMail = await readLatestMail(ada);
    expect(adaMail.subject).toBe(`Invitation to ${summit.title}`);
    expect(adaMail.text).toContain("stable maintainer");
    const adaPage = await answer(browser, invitationLinkIn(adaMail.links, origin), "Accept");
    await expect(adaPage.getByRole("status")).toContainText("you have accepted the invitation");
    await expect(
      adaPage
        .getByRole("region", { name: /^Attendees/ })
        .getByRole("listitem")
        .filter({ hasText: "Ada Accepts" }),
    ).toBeVisible();
    expect(await sessionCookie(adaPage)).not.toBeNull();
    await expectNoA11yViolations(adaPage);

    // The link worked once.
    await adaPage.goto(invitationLinkIn(adaMail.links, origin));
    await expect(adaPage.getByRole("alert")).toContainText("already been answered");

    // Bob declines; Cyd is offered the freed seat by mail.
    const bobMail = await readLatestMail(bob);
    await answer(browser, invitationLinkIn(bobMail.links, origin), "Decline");
    const cydMail = await readLatestMail(cyd);
    expect(cydMail.subject).toBe(`A seat is free for you at ${summit.title}`);
    const cydPage = await answer(browser, invitationLinkIn(cydMail.links, origin), "Accept");
    await expect(
      cydPage
        .getByRole("region", { name: /^Attendees/ })
        .getByRole("listitem")
        .filter({ hasText: "Cyd Waits" }),
    ).toBeVisible();

    // The roster shows the answers.
    await visit(page, `/summits/${summit.slug}/roster?status=accepted`);
    await expect(page.getByRole("cell", { name: ada, exact: true })).toBeVisible();
    await expect(page.getByRole("cell", { name: cyd, exact: true })).toBeVisible();
    await visit(page, `/summits/${summit.slug}/roster?status=declined`);
    await expect(page.getByRole("cell", { name: bob, exact: true })).toBeVisible();
  });

  test("a non-organizer is refused the roster and its actions", async ({ page, testData, signInAs }) => {
    const summit = await testData.createSummit();
    await signInAs(page, uniqueEmail("member"));
    const response = await page.goto(`/summits/${summit.slug}/roster`);
    expect(response?.status()).toBe(403);
    const csv = await page.request.get(`/summits/${summit.slug}/roster.csv`);
    expect(csv.status()).toBe(403);
    const attendees = await page.goto(`/summits/${summit.slug}/attendees`);
    expect(attendees?.status()).toBe(403);
  });
});
