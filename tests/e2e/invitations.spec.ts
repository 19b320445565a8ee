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
    // The whole journey of four people through three mails: the longest of the browser tests.
    test.slow();
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
    // The summit's sign-off "-- The organizers" is the signature itself: the delimiter comes once.
    expect(adaMail.text).toMatch(/\n-- The organizers\s*$/);
    expect(adaMail.text).not.toContain("-- \n-- The organizers");
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

test.describe("the roster's forms", () => {
  test("inviting one person is checked in the browser before it is sent", async ({ page, testData, signInAs }) => {
    const organizerEmail = uniqueEmail("organizer");
    const summit = await testData.createSummit();
    await signInAs(page, organizerEmail);
    await testData.grantRole({ slug: summit.slug, email: organizerEmail, role: "organizer" });
    await signInAs(page, organizerEmail);
    await visit(page, `/summits/${summit.slug}/roster`);
    await page.waitForLoadState("networkidle");
    const form = page.getByRole("region", { name: "Invite one person" });
    await form.getByRole("button", { name: "Invite" }).click();
    const email = form.getByLabel("Email address");
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByText("Enter an email address.")).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/summits/${summit.slug}/roster$`));
  });
});

test.describe("the roster and seat requests without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("inviting one person: a refusal is shown beside its field with what was typed", async ({
    page,
    testData,
    signInAs,
    readLatestMail,
  }) => {
    const organizerEmail = uniqueEmail("organizer");
    const summit = await testData.createSummit();
    await signInAs(page, organizerEmail);
    await testData.grantRole({ slug: summit.slug, email: organizerEmail, role: "organizer" });
    await signInAs(page, organizerEmail);

    // Someone off the eligible list needs a reason.
    const outsider = uniqueEmail("outsider");
    await visit(page, `/summits/${summit.slug}/roster`);
    const invite = page.getByRole("region", { name: "Invite one person" });
    await invite.getByLabel("Email address").fill(outsider);
    await invite.getByLabel("Name (optional)").fill("Out Sider");
    await invite.getByRole("button", { name: "Invite" }).click();
    const reason = invite.getByLabel(/^Reason/);
    await expect(reason).toHaveAttribute("aria-invalid", "true");
    await expect(invite.getByText("is not on the eligible list: say why you invite them.")).toBeVisible();
    await expect(invite.getByLabel("Email address")).toHaveValue(outsider);
    await expect(invite.getByLabel("Name (optional)")).toHaveValue("Out Sider");
    await expectNoA11yViolations(page);
    await reason.fill("keynote speaker");
    await invite.getByRole("button", { name: "Invite" }).click();
    await expect(page.getByRole("status")).toContainText("The invitation has been sent.");
    const mail = await readLatestMail(outsider);
    expect(mail.text).toContain("invited by hand: keynote speaker");
  });

  test("a seat request and its refusal: each needs its text, shown beside the field when missing", async ({
    page,
    browser,
    testData,
    signInAs,
    readLatestMail,
  }) => {
    const summit = await testData.createSummit();
    const organizerEmail = uniqueEmail("organizer");
    const organizerContext = await browser.newContext({ javaScriptEnabled: false });
    const organizer = await organizerContext.newPage();
    await signInAs(organizer, organizerEmail);
    await testData.grantRole({ slug: summit.slug, email: organizerEmail, role: "organizer" });
    await signInAs(organizer, organizerEmail);
    await organizer.goto(`/summits/${summit.slug}/eligibility`);
    await organizer.getByLabel("Open: any signed-in member may request a seat").check();
    await organizer.getByRole("button", { name: "Save open-summit settings" }).click();
    await expect(organizer.getByLabel("Open: any signed-in member may request a seat")).toBeChecked();

    // A member asks for a seat: an empty statement is refused beside it, the title typed is kept.
    const memberEmail = uniqueEmail("member");
    await signInAs(page, memberEmail, { displayName: "Mia Member" });
    await visit(page, `/summits/${summit.slug}/request-seat`);
    await page.getByLabel(/^Title of an agenda item you propose/).fill("Rust in QEMU");
    await page.getByRole("button", { name: "Request a seat" }).click();
    const statement = page.getByLabel("Why would you like to attend?");
    await expect(statement).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Say in a few words why you would like to attend.")).toBeVisible();
    await expect(page.getByLabel(/^Title of an agenda item you propose/)).toHaveValue("Rust in QEMU");
    await expectNoA11yViolations(page);
    await statement.fill("I maintain the block layer.");
    await page.getByRole("button", { name: "Request a seat" }).click();
    await expect(page.getByRole("status")).toContainText("Your request has been sent to the organizers.");

    // The organizers refuse it: a reason is needed, and mailed, quoted.
    await organizer.goto(`/summits/${summit.slug}/roster`);
    const requests = organizer.getByRole("region", { name: "Seat requests waiting for a decision" });
    await expect(requests).toContainText("I maintain the block layer.");
    await requests.getByRole("button", { name: "Refuse the request of Mia Member" }).click();
    const refusal = organizer.getByLabel("Reason for refusing Mia Member");
    await expect(refusal).toHaveAttribute("aria-invalid", "true");
    await expect(organizer.getByText("Say why the request is refused; the requester reads it.")).toBeVisible();
    await refusal.fill("The room holds 30 people.");
    await organizer.getByRole("button", { name: "Refuse the request of Mia Member" }).click();
    await expect(organizer.getByRole("status")).toContainText("The request is refused");
    const refused = await readLatestMail(memberEmail);
    expect(refused.subject).toBe(`Your seat request for ${summit.title}`);
    expect(refused.text).toContain("> The room holds 30 people.");
    await organizerContext.close();
  });
});
