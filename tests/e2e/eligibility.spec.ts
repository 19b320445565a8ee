// Eligibility from the organizer's side: contributor counts and roles on the
// sources page, rules and their preview, inviting, and the invitee's answer.
// Also who is refused all of it, and input that is not what it claims to be.
import type { APIResponse, Browser, Page } from "@playwright/test";
import {
  expect,
  expectNoA11yViolations,
  sessionCookie,
  test,
  uniqueEmail,
  visit,
  type SignInAs,
  type TestData,
  type TestSummit,
} from "./fixtures";

const SINCE = "2017-01-01";
const UNTIL = "2017-10-31";

interface Crew {
  peter: string;
  paolo: string;
  kevin: string;
  joerg: string;
  michael: string;
}

function crew(): Crew {
  return {
    peter: uniqueEmail("peter"),
    paolo: uniqueEmail("paolo"),
    kevin: uniqueEmail("kevin"),
    joerg: uniqueEmail("joerg"),
    michael: uniqueEmail("michael"),
  };
}

/** `git shortlog -sne` output with a garbage line (4) and a line without an address (6). */
function shortlogOf(c: Crew): string {
  return [
    `   412\tPeter Maydell <${c.peter}>`,
    `   398\tPaolo Bonzini <${c.paolo}>`,
    `   301\tKevin Wolf <${c.kevin}>`,
    "this is not shortlog output",
    `    98\tJörg Mustermann <${c.joerg}>`,
    "    12\tGerd Hoffmann",
    "",
  ].join("\n");
}

/** A fresh summit with a fresh organizer signed in on the page. */
async function organizerOfNewSummit(page: Page, testData: TestData, signInAs: SignInAs): Promise<TestSummit> {
  const email = uniqueEmail("organizer");
  const summit = await testData.createSummit();
  await signInAs(page, email, { displayName: "Olga Organizer" });
  await testData.grantRole({ slug: summit.slug, email, role: "organizer" });
  // Gaining a role retires the old session: sign in again.
  await signInAs(page, email);
  return summit;
}

/** Pastes shortlog output on the sources page, checks the per-line report and confirms it. */
async function importShortlog(page: Page, slug: string, c: Crew): Promise<void> {
  await visit(page, `/summits/${slug}/sources`);
  const form = page.getByRole("region", { name: "Import shortlog output, a CSV or a MAINTAINERS file" });
  await form.getByLabel("What it is").selectOption("shortlog");
  await form.getByLabel("Paste the text").fill(shortlogOf(c));
  await form.getByLabel("Label (optional)").fill("QEMU shortlog");
  await form.getByLabel("First day counted (optional, shortlog and CSV)").fill(SINCE);
  await form.getByLabel("Last day counted (optional, shortlog and CSV)").fill(UNTIL);
  await form.getByRole("button", { name: "Show what would be imported" }).click();

  const report = page.getByRole("region", { name: "4 accepted; 2 skipped" });
  await expect(report).toBeVisible();
  await expect(report).toContainText("Read as git shortlog -sne output, labelled “QEMU shortlog”.");
  const skipped = report.getByRole("table", { name: "Skipped lines" });
  await expect(skipped.getByRole("row")).toHaveCount(3);
  const garbage = skipped.getByRole("row").filter({ hasText: "this is not shortlog output" });
  await expect(garbage.getByRole("cell").nth(0)).toHaveText("4");
  await expect(garbage.getByRole("cell").nth(2)).toContainText("not a shortlog line");
  const noAddress = skipped.getByRole("row").filter({ hasText: "Gerd Hoffmann" });
  await expect(noAddress.getByRole("cell").nth(0)).toHaveText("6");
  await expect(noAddress.getByRole("cell").nth(2)).toContainText("no email address");
  const accepted = report.getByRole("table", { name: "Accepted" });
  await expect(accepted.getByRole("row").filter({ hasText: c.peter })).toContainText("412");
  await expect(accepted.getByRole("row").filter({ hasText: c.joerg })).toContainText("Jörg Mustermann");
  await expectNoA11yViolations(page);

  // Nothing is stored before the confirmation.
  await expect(
    page.getByRole("region", { name: "Contributor sources" }).getByText("No contributor counts imported yet."),
  ).toBeVisible();
  await report.getByRole("button", { name: "Confirm: import these 4 contributors" }).click();
  await expect(page.getByRole("status")).toContainText("The contributors have been imported as a new source.");
  const sources = page.getByRole("region", { name: "Contributor sources" });
  const row = sources.getByRole("row").filter({ hasText: "QEMU shortlog" });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").nth(3)).toHaveText("4");
  await expect(row.getByRole("cell").nth(5)).toHaveText("2 lines");
  await expectNoA11yViolations(page);
}

/** Adds a role holder by hand on the sources page. */
async function addRoleHolder(page: Page, slug: string, role: string, name: string, email: string): Promise<void> {
  await visit(page, `/summits/${slug}/sources`);
  const roles = page.getByRole("region", { name: "Named roles" });
  await roles.getByLabel("Role", { exact: true }).fill(role);
  await roles.getByLabel("Name (optional)").fill(name);
  await roles.getByLabel("Email address").fill(email);
  await roles.getByRole("button", { name: "Add role holder" }).click();
  await expect(page.getByRole("status")).toContainText("The role holder has been added.");
  await expect(
    page.getByRole("region", { name: "Named roles" }).getByRole("row").filter({ hasText: name }),
  ).toContainText(role);
}

/** Adds a top-N rule from the only source on the eligibility page. */
async function addTopRule(page: Page, slug: string, n: number): Promise<void> {
  await visit(page, `/summits/${slug}/eligibility`);
  const form = page.getByRole("region", { name: "Top contributors by commits" });
  await expect(form.getByLabel("Source of the counts")).toContainText("QEMU shortlog");
  await form.getByLabel("How many").fill(String(n));
  await form.getByRole("button", { name: "Add top contributors" }).click();
  await expect(page.getByRole("status")).toContainText("The rule has been added.");
}

/** The preview of the eligibility page: everyone the rules admit, with their reasons. */
function eligibleTable(page: Page) {
  return page.getByRole("table", { name: "Everyone the rules admit, each once, with every reason" });
}

function invitationLinkIn(links: string[], origin: string): string {
  const link = links.find((l) => l.startsWith(`${origin}/invitations/`));
  if (!link) throw new Error(`no invitation link among ${JSON.stringify(links)}`);
  return link;
}

/** Opens the invitation link in a browser of the invitee's own and accepts. */
async function acceptInOwnBrowser(browser: Browser, origin: string, link: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  const response = await visit(page, link);
  expect(response.status()).toBe(200);
  expect(await sessionCookie(page), "opening the link alone signs nobody in").toBeNull();
  await page.getByRole("button", { name: "Accept" }).click();
  await expect(page).toHaveURL(/\/attendees\?answered=accepted$/);
  return page;
}

test.describe("eligibility", () => {
  test("organizer imports shortlog output, adds a role, combines top-N and the role, previews, invites; the invitee accepts", async ({
    page,
    browser,
    origin,
    testData,
    signInAs,
    readLatestMail,
  }) => {
    test.slow();
    const summit = await organizerOfNewSummit(page, testData, signInAs);
    const c = crew();

    await importShortlog(page, summit.slug, c);
    // The same person as the top contributor, typed in capitals: matched by address, ignoring case.
    await addRoleHolder(page, summit.slug, "stable maintainer", "Peter Maydell", c.peter.toUpperCase());
    await addRoleHolder(page, summit.slug, "stable maintainer", "Michael Roth", c.michael);
    await expectNoA11yViolations(page);

    await addTopRule(page, summit.slug, 2);
    await expect(page.getByRole("status")).toContainText("Added (2)");
    await expectNoA11yViolations(page);

    const roles = page.getByRole("region", { name: "Holders of responsibilities" });
    await expect(roles.getByRole("radio", { name: "Holders of the roles ticked below" })).toBeChecked();
    await roles.getByRole("checkbox", { name: /^stable maintainer/ }).check();
    await roles.getByRole("button", { name: "Add holders of responsibilities" }).click();
    // Only Michael is new: Peter was already in through the counts.
    await expect(page.getByRole("status")).toContainText("Added (1): Michael Roth.");
    await expect(page.getByRole("status")).toContainText("Nobody dropped out.");

    const rules = page.getByRole("region", { name: "Rules", exact: true }).getByRole("listitem");
    await expect(rules).toHaveCount(2);

    await expect(page.getByRole("heading", { name: "Preview: 3 people eligible" })).toBeVisible();
    const rows = eligibleTable(page).getByRole("row");
    await expect(rows).toHaveCount(4);
    const peterRow = rows.filter({ hasText: c.peter });
    await expect(peterRow, "each person once").toHaveCount(1);
    await expect(peterRow.getByRole("cell").nth(0)).toHaveText("Peter Maydell");
    await expect(peterRow.getByRole("cell").nth(2)).toHaveText(
      `#1 by commits, ${SINCE}..${UNTIL}: 412 commits; stable maintainer`,
    );
    await expect(rows.filter({ hasText: c.paolo }).getByRole("cell").nth(2)).toHaveText(
      `#2 by commits, ${SINCE}..${UNTIL}: 398 commits`,
    );
    await expect(rows.filter({ hasText: c.michael }).getByRole("cell").nth(2)).toHaveText("stable maintainer");
    await expect(rows.filter({ hasText: c.kevin }), "#3 is beyond the top 2").toHaveCount(0);
    await expect(rows.filter({ hasText: c.joerg })).toHaveCount(0);
    await expectNoA11yViolations(page);

    await visit(page, `/summits/${summit.slug}/roster`);
    await page.getByRole("button", { name: "Invite everyone eligible not yet invited (3)" }).click();
    await expect(page.getByRole("status")).toContainText("Invited 3 people.");
    await expect(page.getByRole("button", { name: /Invite everyone eligible not yet invited/ })).toBeDisabled();
    const invitedRow = page
      .getByRole("region", { name: "People", exact: true })
      .getByRole("row")
      .filter({ hasText: c.peter });
    await expect(invitedRow).toContainText("Invited");
    await expect(invitedRow).toContainText("stable maintainer");
    await expectNoA11yViolations(page);

    const mail = await readLatestMail(c.peter);
    expect(mail.subject).toBe(`Invitation to ${summit.title}`);
    expect(mail.text).toContain(`#1 by commits, ${SINCE}..${UNTIL}: 412 commits`);
    expect(mail.text).toContain("stable maintainer");
    const invitee = await acceptInOwnBrowser(browser, origin, invitationLinkIn(mail.links, origin));
    await expect(invitee.getByRole("status")).toContainText("you have accepted the invitation");
    await expect(
      invitee
        .getByRole("region", { name: /^Attendees/ })
        .getByRole("listitem")
        .filter({ hasText: "Peter Maydell" }),
    ).toBeVisible();
    expect(await sessionCookie(invitee)).not.toBeNull();
    await expect(invitee.getByRole("banner").getByRole("button", { name: "Sign out" })).toBeVisible();
    await expectNoA11yViolations(invitee);
    await invitee.context().close();

    await visit(page, `/summits/${summit.slug}/roster?status=accepted`);
    await expect(page.getByRole("cell", { name: c.peter, exact: true })).toBeVisible();
    await expect(page.getByRole("cell", { name: c.paolo, exact: true })).toHaveCount(0);
  });

  test("a rule form checks its fields in the browser before sending, and shows the server's refusal beside what was typed", async ({
    page,
    testData,
    signInAs,
  }) => {
    const summit = await organizerOfNewSummit(page, testData, signInAs);
    const c = crew();
    await visit(page, `/summits/${summit.slug}/eligibility`);
    const posts: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST") posts.push(request.url());
    });

    let form = page.getByRole("region", { name: "Exclude a person by hand" });
    const email = form.getByLabel("Email address");
    await email.fill(`Kevin Wolf <${c.kevin}>`);
    await email.blur();
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await expect(form.locator(".field-error")).toContainText("plain email");
    await form.getByRole("button", { name: "Exclude" }).click();
    await expect(form.getByLabel("Reason")).toHaveAttribute("aria-invalid", "true");
    expect(posts, "nothing is sent while a field is wrong").toEqual([]);
    await expectNoA11yViolations(page);

    await email.fill(c.kevin);
    await form.getByLabel("Reason").fill("asked not to be invited");
    await form.getByRole("button", { name: "Exclude" }).click();
    await expect(page.getByRole("status")).toContainText("The rule has been added.");
    expect(posts).toHaveLength(1);

    // The same rule again passes the browser's checks; the server refuses it, and the form keeps what was typed.
    form = page.getByRole("region", { name: "Exclude a person by hand" });
    await form.getByLabel("Email address").fill(c.kevin.toUpperCase());
    await form.getByLabel("Reason").fill("asked not to be invited");
    await form.getByRole("button", { name: "Exclude" }).click();
    await expect(form.getByRole("alert")).toContainText("This summit already has exactly this rule");
    await expect(form.getByLabel("Email address")).toHaveValue(c.kevin.toUpperCase());
    await expect(form.getByLabel("Reason")).toHaveValue("asked not to be invited");
    await expect(page.getByRole("region", { name: "Rules", exact: true }).getByRole("listitem")).toHaveCount(1);
    await expectNoA11yViolations(page);
  });

  test("a file that is not what it claims is refused with a clear message, and nothing is imported", async ({
    page,
    testData,
    signInAs,
  }) => {
    const summit = await organizerOfNewSummit(page, testData, signInAs);
    const csv = "name,email,commits\nPeter Maydell,peter.maydell@linaro.org,412\nKevin Wolf,kwolf@redhat.com,301\n";
    const refusal = "This is not a MAINTAINERS file: no section has both M: (maintainer) and S: (status) lines.";

    await visit(page, `/summits/${summit.slug}/sources`);
    let form = page.getByRole("region", { name: "Import shortlog output, a CSV or a MAINTAINERS file" });
    await form.getByLabel("What it is").selectOption("maintainers");
    await form.getByLabel("Paste the text").fill(csv);
    await form.getByRole("button", { name: "Show what would be imported" }).click();

    await expect(page.getByRole("alert")).toContainText(refusal);
    form = page.getByRole("region", { name: "Import shortlog output, a CSV or a MAINTAINERS file" });
    const text = form.getByLabel("Paste the text");
    await expect(text).toHaveAttribute("aria-invalid", "true");
    await expect(text).toHaveValue(csv);
    await expect(form.getByLabel("What it is")).toHaveValue("maintainers");
    await expect(page.getByRole("button", { name: /^Confirm/ })).toHaveCount(0);
    await expectNoA11yViolations(page);

    // The same text uploaded as a file called MAINTAINERS.
    await visit(page, `/summits/${summit.slug}/sources`);
    form = page.getByRole("region", { name: "Import shortlog output, a CSV or a MAINTAINERS file" });
    await form.getByLabel("What it is").selectOption("maintainers");
    await form.getByLabel("…or choose a file").setInputFiles({
      name: "MAINTAINERS",
      mimeType: "text/plain",
      buffer: Buffer.from(csv, "utf8"),
    });
    await form.getByRole("button", { name: "Show what would be imported" }).click();
    await expect(page.getByRole("alert")).toContainText(refusal);
    await expect(page.getByRole("button", { name: /^Confirm/ })).toHaveCount(0);
    await expectNoA11yViolations(page);

    // Nothing was imported anywhere.
    await visit(page, `/summits/${summit.slug}/sources`);
    await expect(page.getByText("No MAINTAINERS file imported yet.")).toBeVisible();
    await expect(page.getByText("No contributor counts imported yet.")).toBeVisible();
    await expect(page.getByText("No role holders entered yet.")).toBeVisible();
    await visit(page, `/summits/${summit.slug}/eligibility`);
    await expect(page.getByRole("region", { name: "Top contributors by commits" })).toContainText(
      "No contributor counts yet.",
    );
    await expect(page.getByRole("region", { name: "Holders of responsibilities" })).toContainText("No roles yet.");
  });

  test("a non-organizer, member or attendee, is refused every organizer page and action, and nothing changes", async ({
    page,
    browser,
    origin,
    testData,
    signInAs,
    readLatestMail,
  }) => {
    test.slow();
    const summit = await organizerOfNewSummit(page, testData, signInAs);
    const c = crew();
    const attendeeEmail = uniqueEmail("attendee");
    const sources = `/summits/${summit.slug}/sources`;
    const eligibility = `/summits/${summit.slug}/eligibility`;
    const roster = `/summits/${summit.slug}/roster`;

    /** A form post from the page's browser context, as the page's forms send it; redirects are not followed. */
    const post = (p: Page, path: string, form: Record<string, string>): Promise<APIResponse> =>
      p.request.post(path, { form, headers: { Origin: origin }, maxRedirects: 0 });

    // The organizer sets the summit up with the very forms that are tried below.
    const setUp: [string, Record<string, string>][] = [
      [sources, { intent: "apply-import", kind: "shortlog", text: shortlogOf(c), label: "QEMU shortlog" }],
      [sources, { intent: "add-responsibility", role: "stable maintainer", name: "Michael Roth", email: c.michael }],
      [
        eligibility,
        { intent: "add-rule", kind: "include", email: attendeeEmail, name: "Ana Attendee", reason: "KVM maintainer" },
      ],
      [eligibility, { intent: "open-settings", capacity: "5" }],
      [roster, { intent: "invite-eligible" }],
    ];
    for (const [path, form] of setUp) {
      const response = await post(page, path, form);
      expect(response.status(), `${form.intent} by the organizer`).toBe(302);
    }
    const attendeeMail = await readLatestMail(attendeeEmail);
    const attendee = await acceptInOwnBrowser(browser, origin, invitationLinkIn(attendeeMail.links, origin));

    // Ids the refused actions name, read from the organizer's pages.
    await page.goto(sources);
    const sourceId = await page
      .locator("form:has(input[name=intent][value=remove-source]) input[name=id]")
      .getAttribute("value");
    const responsibilityId = await page
      .locator("form:has(input[name=intent][value=remove-responsibility]) input[name=id]")
      .getAttribute("value");
    await page.goto(eligibility);
    const ruleId = await page.locator("input[name=ruleId]").getAttribute("value");
    await page.goto(`${roster}?status=accepted`);
    const invitationId = await page.locator("input[name=invitationId]").first().getAttribute("value");
    expect([sourceId, responsibilityId, ruleId, invitationId].every(Boolean)).toBe(true);

    const member = await (await browser.newContext({ baseURL: origin })).newPage();
    await signInAs(member, uniqueEmail("member"), { displayName: "Mo Member" });
    const outsider = uniqueEmail("outsider");
    const someRequest = "00000000-0000-4000-8000-000000000000";
    const actions: [string, Record<string, string>][] = [
      [sources, { intent: "preview-import", kind: "shortlog", text: shortlogOf(c) }],
      [sources, { intent: "apply-import", kind: "shortlog", text: shortlogOf(c), label: "Refused shortlog" }],
      [sources, { intent: "add-responsibility", role: "refused role", email: outsider }],
      [sources, { intent: "remove-responsibility", id: responsibilityId! }],
      [sources, { intent: "remove-source", id: sourceId! }],
      [eligibility, { intent: "add-rule", kind: "top_contributors", sourceId: sourceId!, n: "3" }],
      [eligibility, { intent: "add-rule", kind: "responsibility", scope: "all" }],
      [eligibility, { intent: "add-rule", kind: "include", email: outsider, name: "Out Sider", reason: "let me in" }],
      [eligibility, { intent: "add-rule", kind: "exclude", email: attendeeEmail, reason: "refused" }],
      [eligibility, { intent: "remove-rule", ruleId: ruleId! }],
      [eligibility, { intent: "open-settings", isOpen: "on", capacity: "1" }],
      [roster, { intent: "invite-eligible" }],
      [roster, { intent: "invite-one", email: outsider, name: "Out Sider", reason: "let me in" }],
      [roster, { intent: "resend", invitationId: invitationId! }],
      [roster, { intent: "revoke", invitationId: invitationId! }],
      [roster, { intent: "approve-request", requestId: someRequest }],
      [roster, { intent: "refuse-request", requestId: someRequest, reason: "no" }],
    ];

    for (const [who, p] of [
      ["member", member],
      ["attendee", attendee],
    ] as const) {
      for (const path of [sources, eligibility, roster, `${roster}?status=accepted`]) {
        const response = await p.goto(path);
        expect(response?.status(), `${who} on ${path}`).toBe(403);
        await expect(p.getByRole("heading", { level: 1, name: "You do not have access to this page" })).toBeVisible();
        await expect(p.locator("body")).not.toContainText(attendeeEmail);
        await expectNoA11yViolations(p);
      }
      const csv = await p.request.get(`${roster}.csv`);
      expect(csv.status(), `${who} on roster.csv`).toBe(403);
      expect(await csv.text()).not.toContain(attendeeEmail);

      for (const [path, form] of actions) {
        const response = await post(p, path, form);
        expect(response.status(), `${who}: ${form.intent} ${form.kind ?? ""} on ${path}`).toBe(403);
      }
    }
    // The attendee still sees the attendees, so the refusals above are about the role, not the session.
    expect((await attendee.goto(`/summits/${summit.slug}/attendees`))?.status()).toBe(200);
    await expect(
      attendee
        .getByRole("region", { name: /^Attendees/ })
        .getByRole("listitem")
        .filter({ hasText: "Ana Attendee" }),
    ).toBeVisible();

    // The organizer finds everything as it was.
    await visit(page, sources);
    const sourceRows = page.getByRole("region", { name: "Contributor sources" }).getByRole("row");
    await expect(sourceRows).toHaveCount(2);
    await expect(sourceRows.filter({ hasText: "QEMU shortlog" })).toHaveCount(1);
    const roleRows = page.getByRole("region", { name: "Named roles" }).getByRole("row");
    await expect(roleRows).toHaveCount(2);
    await expect(roleRows.filter({ hasText: c.michael })).toContainText("stable maintainer");

    await visit(page, eligibility);
    const rules = page.getByRole("region", { name: "Rules", exact: true }).getByRole("listitem");
    await expect(rules).toHaveCount(1);
    await expect(page.getByRole("heading", { name: "Preview: 1 person eligible" })).toBeVisible();
    await expect(eligibleTable(page)).toContainText(attendeeEmail);
    await expect(page.getByRole("heading", { name: /^Excluded/ })).toHaveCount(0);
    await expect(page.getByLabel("Capacity")).toHaveValue("5");
    await expect(page.getByLabel("Open: any signed-in member may request a seat")).not.toBeChecked();

    await visit(page, roster);
    const people = page.getByRole("region", { name: "People", exact: true }).getByRole("row");
    await expect(people).toHaveCount(2);
    await expect(people.filter({ hasText: attendeeEmail })).toContainText("Accepted");
    await expect(page.getByRole("cell", { name: outsider, exact: true })).toHaveCount(0);
    const counts = page.getByRole("region", { name: "Counts" });
    await expect(counts).toContainText("1 of 5 taken");

    await member.context().close();
    await attendee.context().close();
  });
});

test.describe("eligibility without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a MAINTAINERS upload cut short says so, names who it would remove, and replaces only once ticked", async ({
    page,
    testData,
    signInAs,
  }) => {
    const summit = await organizerOfNewSummit(page, testData, signInAs);
    const section = (i: number) =>
      `Subsystem ${i}\nM: Maintainer ${i} <${summit.slug}-m${i}@example.org>\nS: Maintained\n`;
    const full = Array.from({ length: 10 }, (_, i) => section(i + 1)).join("\n");
    const truncated = `${[1, 2, 3].map(section).join("\n")}\nSubsystem 4\nM: Maintainer 4 <${summit.slug}-m4@exa`;
    const sources = `/summits/${summit.slug}/sources`;
    const upload = async (name: string, text: string) => {
      await visit(page, sources);
      const form = page.getByRole("region", { name: "Import shortlog output, a CSV or a MAINTAINERS file" });
      await form.getByLabel("What it is").selectOption("maintainers");
      await form
        .getByLabel("…or choose a file")
        .setInputFiles({ name, mimeType: "text/plain", buffer: Buffer.from(text) });
      await form.getByRole("button", { name: "Show what would be imported" }).click();
    };
    const maintainers = page
      .locator("section")
      .filter({ has: page.getByRole("heading", { name: "Subsystem maintainers from MAINTAINERS" }) });

    await upload("MAINTAINERS", full);
    await page.getByRole("button", { name: "Confirm: replace the MAINTAINERS import with these 10 entries" }).click();
    await expect(maintainers).toContainText("10 entries in 10 sections");

    await upload("MAINTAINERS", truncated);
    await expect(page.getByRole("alert").filter({ hasText: "looks cut short" })).toContainText(
      "it ends in the middle of line 14",
    );
    await expect(page.getByRole("alert").filter({ hasText: "would remove" })).toContainText(
      "This file would remove 7 of the 10 entries",
    );
    const removed = page.getByRole("table", { name: /^Removed: 7 of the 10 current entries/ });
    await expect(removed.getByRole("row")).toHaveCount(8);
    await expect(removed).toContainText(`${summit.slug}-m4@example.org`);
    await expect(removed).not.toContainText(`${summit.slug}-m3@example.org`);
    await expectNoA11yViolations(page);

    // Confirming without the tick is stopped by the browser's own check: nothing is posted.
    const confirm = page.getByRole("button", { name: "Confirm: replace the MAINTAINERS import with these 3 entries" });
    await confirm.click();
    await expect(page.getByLabel("Yes, remove these 7 entries from the MAINTAINERS roles")).toBeVisible();
    await visit(page, sources);
    await expect(maintainers).toContainText("10 entries in 10 sections");

    await upload("MAINTAINERS", truncated);
    await page.getByLabel("Yes, remove these 7 entries from the MAINTAINERS roles").check();
    await page.getByRole("button", { name: "Confirm: replace the MAINTAINERS import with these 3 entries" }).click();
    await expect(page.getByRole("status")).toContainText("The MAINTAINERS file has been imported");
    await expect(maintainers).toContainText("3 entries in 3 sections");
  });

  test("importing counts and adding a top-N rule work through the server alone, refusals included", async ({
    page,
    testData,
    signInAs,
  }) => {
    test.slow();
    const summit = await organizerOfNewSummit(page, testData, signInAs);
    const c = crew();
    await importShortlog(page, summit.slug, c);

    await visit(page, `/summits/${summit.slug}/eligibility`);
    let form = page.getByRole("region", { name: "Top contributors by commits" });
    await form.getByLabel("How many").fill("0");
    await form.getByRole("button", { name: "Add top contributors" }).click();
    form = page.getByRole("region", { name: "Top contributors by commits" });
    const n = form.getByLabel("How many");
    await expect(n).toHaveAttribute("aria-invalid", "true");
    await expect(n).toHaveValue("0");
    await expect(form.locator(".field-error")).not.toBeEmpty();
    await expect(page.getByRole("region", { name: "Rules", exact: true })).toContainText("No rules yet");
    await expectNoA11yViolations(page);

    await n.fill("3");
    await form.getByRole("button", { name: "Add top contributors" }).click();
    await expect(page).toHaveURL(/\/eligibility\?notice=rule-added$/);
    await expect(page.getByRole("status")).toContainText("The rule has been added.");
    await expect(page.getByRole("status")).toContainText("Added (3)");
    await expect(page.getByRole("heading", { name: "Preview: 3 people eligible" })).toBeVisible();
    const rows = eligibleTable(page).getByRole("row");
    await expect(rows.filter({ hasText: c.kevin }).getByRole("cell").nth(2)).toHaveText(
      `#3 by commits, ${SINCE}..${UNTIL}: 301 commits`,
    );
    await expect(rows.filter({ hasText: c.joerg })).toHaveCount(0);
    await expectNoA11yViolations(page);

    // Removing it is a plain form post too.
    await page.getByRole("button", { name: "Remove rule 1" }).click();
    await expect(page).toHaveURL(/\/eligibility\?notice=rule-removed$/);
    await expect(page.getByRole("status")).toContainText("Dropped out (3)");
    await expect(page.getByRole("region", { name: "Rules", exact: true })).toContainText("No rules yet");
    await expectNoA11yViolations(page);
  });
});
