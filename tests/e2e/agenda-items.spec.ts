// Agenda items in the browser: proposing with scripts on and off, the outcome
// rules beside the field, revisions and their history, co-sponsoring, the
// organizers' triage, the refusal of a member who is not an attendee, and the
// list's filters. Every test makes its own summit (in its proposals phase) and people.
import type { Browser, Locator, Page, Request } from "@playwright/test";
import {
  expect,
  expectNoA11yViolations,
  test as base,
  uniqueEmail,
  visit,
  type TestData,
  type TestSummit,
} from "./fixtures";

interface Person {
  email: string;
  name: string;
}

interface ItemInput {
  title: string;
  outcomeKind: "decision" | "consensus_check" | "action_plan" | "information";
  desiredOutcome: string;
  background: string;
  minutesNeeded: string;
  links: string;
}

const test = base.extend<{
  /** A page of its own browser context, signed in as the person (closed after the test). */
  pageAs(person: Person, options?: { javaScriptEnabled?: boolean }): Promise<Page>;
}>({
  pageAs: async ({ browser, origin, signInAs }, use) => {
    const contexts: Awaited<ReturnType<Browser["newContext"]>>[] = [];
    await use(async (person, options = {}) => {
      const context = await browser.newContext({
        baseURL: origin,
        javaScriptEnabled: options.javaScriptEnabled ?? true,
      });
      contexts.push(context);
      const page = await context.newPage();
      await signInAs(page, person.email);
      return page;
    });
    for (const context of contexts) await context.close();
  },
});

async function newSummit(testData: TestData): Promise<TestSummit> {
  return testData.createSummit({ phase: "proposals" });
}

async function addAttendee(testData: TestData, summit: TestSummit, name: string): Promise<Person> {
  const email = uniqueEmail(name.split(" ")[0]!.toLowerCase());
  await testData.createUser({ email, displayName: name });
  await testData.addAttendee({ slug: summit.slug, email });
  return { email, name };
}

async function addOrganizer(testData: TestData, summit: TestSummit, name: string): Promise<Person> {
  const email = uniqueEmail("organizer");
  await testData.createUser({ email, displayName: name });
  await testData.grantRole({ slug: summit.slug, email, role: "organizer" });
  return { email, name };
}

const NEXT_TREES: ItemInput = {
  title: "Maintainer -next trees during the freeze",
  outcomeKind: "decision",
  desiredOutcome: "Decide whether maintainers keep their own -next trees open during the soft freeze.",
  background: "Several subsystems already run a -next branch.\n\n- block\n- migration",
  minutesNeeded: "30",
  links: "https://lists.example.org/archives/qemu-devel/2017-10/msg01234.html",
};

function item(overrides: Partial<ItemInput> = {}): ItemInput {
  return { ...NEXT_TREES, ...overrides };
}

/** Proposes an item through the form endpoint, as the page's signed-in person; returns its number. */
async function proposeByRequest(page: Page, origin: string, summit: TestSummit, input: ItemInput): Promise<number> {
  const response = await page.request.post(`${origin}/summits/${summit.slug}/items/new`, {
    form: { intent: "submit", leadId: "", ...input },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(response.status(), await response.text()).toBe(302);
  const match = /\/items\/(\d+)\?/.exec(response.headers()["location"] ?? "");
  if (!match) throw new Error(`no item address in ${response.headers()["location"]}`);
  return Number(match[1]);
}

async function postForm(page: Page, origin: string, path: string, form: Record<string, string>): Promise<void> {
  const response = await page.request.post(`${origin}${path}`, { form, headers: { Origin: origin }, maxRedirects: 0 });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(302);
}

/** Fills the proposal form; the discussion lead stays "Me (the proposer)". */
async function fillItemForm(page: Page, input: ItemInput): Promise<void> {
  await page.getByLabel("Title").fill(input.title);
  await page.getByRole("radio", { name: kindLabel(input.outcomeKind), exact: true }).check();
  await page.getByLabel("Desired outcome").fill(input.desiredOutcome);
  await page.getByLabel("Background (optional)").fill(input.background);
  await page.getByLabel("Time requested").fill(input.minutesNeeded);
  await page.getByLabel("Links (optional)").fill(input.links);
}

function kindLabel(kind: ItemInput["outcomeKind"]): string {
  return {
    decision: "Decision",
    consensus_check: "Consensus check on a proposal",
    action_plan: "Action plan",
    information: "Information only",
  }[kind];
}

/** The text of the elements a control's aria-describedby names. */
async function describedBy(field: Locator): Promise<string> {
  return field.evaluate((el) =>
    (el.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? `(missing #${id})`)
      .join(" | "),
  );
}

/** Expects the field marked invalid, with its error beside it and named by aria-describedby. */
async function expectFieldError(field: Locator, message: string | RegExp): Promise<void> {
  await expect(field).toHaveAttribute("aria-invalid", "true");
  const errorId = await field.evaluate((el) => {
    const ids = (el.getAttribute("aria-describedby") ?? "").split(/\s+/);
    return ids.find((id) => document.getElementById(id)?.classList.contains("field-error")) ?? null;
  });
  expect(errorId, "aria-describedby names the field's error").not.toBeNull();
  const error = field.page().locator(`[id="${errorId}"]`);
  await expect(error).toBeVisible();
  await expect(error).toContainText(message);
  expect(await describedBy(field)).toMatch(message);
}

/** The value shown for a term of the item page's facts list. */
function fact(page: Page, term: string): Locator {
  return page.locator("dl.item-facts dt", { hasText: term }).locator("xpath=following-sibling::dd[1]");
}

function historyRegion(page: Page): Locator {
  return page.getByRole("region", { name: "History" });
}

test.describe("proposing an item with JavaScript on", () => {
  test("the form submits, and lands on the item page with its outcome and status", async ({
    page,
    testData,
    signInAs,
  }) => {
    const summit = await newSummit(testData);
    const ada = await addAttendee(testData, summit, "Ada Proposer");
    await signInAs(page, ada.email);

    await visit(page, `/summits/${summit.slug}/items`);
    await page.getByRole("link", { name: "Propose an item" }).click();
    await expect(page).toHaveURL(new RegExp(`/summits/${summit.slug}/items/new$`));
    await expect(page.getByRole("heading", { level: 2, name: "Propose an agenda item" })).toBeVisible();
    await page.waitForLoadState("networkidle");
    await fillItemForm(page, NEXT_TREES);
    await page.getByRole("button", { name: "Submit to the organizers" }).click();

    await expect(page).toHaveURL(new RegExp(`/summits/${summit.slug}/items/1\\?notice=proposed$`));
    await expect(page.getByRole("heading", { level: 2, name: NEXT_TREES.title })).toBeVisible();
    await expect(page.getByRole("status")).toContainText("Your item has been submitted to the organizers.");
    await expect(page.locator(".outcome__text")).toHaveText(NEXT_TREES.desiredOutcome);
    await expect(page.locator(".outcome__kind")).toHaveText("Desired outcome · Decision");
    await expect(page.locator("article .badge").first()).toHaveText("Submitted");
    await expect(fact(page, "Proposed by")).toContainText("Ada Proposer");
    await expect(fact(page, "Discussion lead")).toHaveText("Ada Proposer");
    await expect(fact(page, "Time requested")).toHaveText("30 minutes");
    await expect(page.getByRole("link", { name: NEXT_TREES.links })).toHaveAttribute("href", NEXT_TREES.links);
    await expect(page.getByRole("region", { name: "Background" }).getByRole("listitem")).toHaveText([
      "block",
      "migration",
    ]);
    await expectNoA11yViolations(page);
  });

  test("an empty or placeholder outcome is refused beside the field before anything is sent", async ({
    page,
    testData,
    signInAs,
  }) => {
    const summit = await newSummit(testData);
    const ada = await addAttendee(testData, summit, "Ada Careful");
    await signInAs(page, ada.email);
    await visit(page, `/summits/${summit.slug}/items/new`);
    await page.waitForLoadState("networkidle");

    const posts: Request[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && new URL(request.url()).pathname.endsWith("/items/new")) posts.push(request);
    });

    await fillItemForm(page, item({ desiredOutcome: "" }));
    await page.getByRole("button", { name: "Submit to the organizers" }).click();
    const outcome = page.getByLabel("Desired outcome");
    await expectFieldError(outcome, "Enter the desired outcome.");
    await expect(outcome).toBeFocused();

    await outcome.fill("TBD");
    await expectFieldError(outcome, /placeholder such as “discuss” or “TBD” is not an outcome/);
    await page.getByRole("button", { name: "Submit to the organizers" }).click();
    await expectFieldError(outcome, /placeholder such as “discuss” or “TBD” is not an outcome/);
    await page.getByRole("button", { name: "Save as draft" }).click();
    await expectFieldError(outcome, /placeholder/);
    await expectNoA11yViolations(page);

    // Everything else typed is still there, and nothing went to the server.
    await expect(page.getByLabel("Title")).toHaveValue(NEXT_TREES.title);
    await expect(page.getByLabel("Time requested")).toHaveValue(NEXT_TREES.minutesNeeded);
    await expect(page.getByRole("radio", { name: "Decision", exact: true })).toBeChecked();
    await expect(page).toHaveURL(new RegExp(`/items/new$`));
    expect(posts.map((r) => r.url())).toEqual([]);

    // A decision that states no question is refused too, with the kind's advice.
    await outcome.fill("Talk through the state of the trees and the freeze calendar.");
    await expectFieldError(outcome, /A decision states the question to decide/);
    expect(posts).toHaveLength(0);

    // Corrected, it goes through: the error leaves and the item exists.
    await outcome.fill(NEXT_TREES.desiredOutcome);
    await expect(outcome).not.toHaveAttribute("aria-invalid", "true");
    await page.getByRole("button", { name: "Submit to the organizers" }).click();
    await expect(page).toHaveURL(/\/items\/1\?notice=proposed$/);
    expect(posts).toHaveLength(1);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the server refuses a placeholder and a missing outcome beside the field, keeps the rest, then accepts", async ({
    page,
    testData,
    signInAs,
  }) => {
    const summit = await newSummit(testData);
    const bob = await addAttendee(testData, summit, "Bob Scriptless");
    await signInAs(page, bob.email);
    const input = item({
      title: "Security process for CVEs",
      outcomeKind: "action_plan",
      background: "We have **no** documented process.\n\nSee the [wiki](https://wiki.example.org/SecurityProcess).",
      minutesNeeded: "45",
      links: "https://lists.example.org/a\nhttps://lists.example.org/b",
    });
    await visit(page, `/summits/${summit.slug}/items/new`);
    await fillItemForm(page, { ...input, desiredOutcome: "discuss" });
    await page.getByRole("button", { name: "Submit to the organizers" }).click();

    const outcome = page.getByLabel("Desired outcome");
    await expectFieldError(outcome, /placeholder such as “discuss” or “TBD” is not an outcome/);
    await expect(outcome).toHaveValue("discuss");
    await expect(page.getByLabel("Title")).toHaveValue(input.title);
    await expect(page.getByRole("radio", { name: "Action plan" })).toBeChecked();
    await expect(page.getByLabel("Background (optional)")).toHaveValue(input.background);
    await expect(page.getByLabel("Time requested")).toHaveValue("45");
    await expect(page.getByLabel("Links (optional)")).toHaveValue(input.links);
    await expectNoA11yViolations(page);

    await outcome.fill("");
    await page.getByRole("button", { name: "Submit to the organizers" }).click();
    await expectFieldError(page.getByLabel("Desired outcome"), "Enter the desired outcome.");
    await expect(page.getByLabel("Title")).toHaveValue(input.title);
    await expect(page.getByLabel("Links (optional)")).toHaveValue(input.links);

    // Nothing was stored by either refusal.
    await visit(page, `/summits/${summit.slug}/items`);
    await expect(page.getByText("No items yet.")).toBeVisible();

    await page.goto(`/summits/${summit.slug}/items/new`);
    await fillItemForm(page, {
      ...input,
      desiredOutcome: "Agree who writes the CVE process and who answers reports, by the next release.",
    });
    await page.getByRole("button", { name: "Submit to the organizers" }).click();
    await expect(page).toHaveURL(/\/items\/1\?notice=proposed$/);
    await expect(page.locator(".outcome__text")).toHaveText(
      "Agree who writes the CVE process and who answers reports, by the next release.",
    );
    await expect(page.locator("article .badge").first()).toHaveText("Submitted");
    await expect(page.getByRole("link", { name: "https://lists.example.org/b" })).toBeVisible();
    await expectNoA11yViolations(page);
  });

  test("a draft is saved, then submitted from the edit page", async ({ page, testData, signInAs }) => {
    const summit = await newSummit(testData);
    const bob = await addAttendee(testData, summit, "Bob Drafter");
    await signInAs(page, bob.email);
    await page.goto(`/summits/${summit.slug}/items/new`);
    await fillItemForm(page, NEXT_TREES);
    await page.getByRole("button", { name: "Save as draft" }).click();
    await expect(page).toHaveURL(/\/items\/1\?notice=drafted$/);
    await expect(page.locator("article .badge").first()).toHaveText("Draft");

    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByRole("button", { name: "Save and submit" }).click();
    await expect(page).toHaveURL(/\/items\/1\?notice=submitted$/);
    await expect(page.locator("article .badge").first()).toHaveText("Submitted");
  });

  test("an organizer triages without scripts: declines with a reason and returns with a comment", async ({
    page,
    origin,
    testData,
    signInAs,
    pageAs,
  }) => {
    const summit = await newSummit(testData);
    const organizer = await addOrganizer(testData, summit, "Olga Organizer");
    const ada = await addAttendee(testData, summit, "Ada Proposer");
    const adaPage = await pageAs(ada);
    const declined = await proposeByRequest(adaPage, origin, summit, item({ title: "Rewrite it all in Rust" }));
    const returned = await proposeByRequest(adaPage, origin, summit, item({ title: "Deprecate the old monitor" }));

    await signInAs(page, organizer.email);
    await visit(page, `/summits/${summit.slug}/triage`);
    const waiting = page.getByRole("region", { name: /^Waiting for a decision/ });
    await expect(waiting.getByRole("heading", { level: 3 })).toHaveText("Waiting for a decision (2)");

    // Declining takes a reason: it is decided on the item's own triage page.
    const declinedCard = page.locator(`#item-${declined}`);
    await declinedCard.getByRole("link", { name: `Return, merge or decline item ${declined}` }).click();
    await expect(page.getByRole("heading", { name: `Decide on item ${declined}` })).toBeVisible();
    await declinedCard.locator("summary", { hasText: "Decline" }).click();
    await declinedCard.getByLabel("Reason for declining").fill("Out of scope for this summit; take it to the list.");
    await declinedCard.locator("details", { hasText: "Reason for declining" }).getByRole("button").click();
    await expect(page.getByRole("status")).toContainText("The item is declined");
    await expect(page.getByRole("heading", { name: "Declined (1)" })).toBeVisible();
    // The page lists the items still to decide; the declined ones are a link away.
    await page.getByRole("link", { name: "Show the declined item" }).click();
    await expect(page.locator(`#item-${declined}`)).toContainText("Out of scope for this summit; take it to the list.");
    await page.goto(`/summits/${summit.slug}/triage`);

    const returnedCard = page.locator(`#item-${returned}`);
    await returnedCard.getByRole("link", { name: `Return, merge or decline item ${returned}` }).click();
    await returnedCard.locator("summary", { hasText: "Return for changes" }).click();
    await returnedCard.getByLabel("What should the proposer change?").fill("Name the replacement and a date.");
    await returnedCard.locator("details", { hasText: "What should the proposer change?" }).getByRole("button").click();
    await expect(page.getByRole("status")).toContainText("returned to its proposer");
    await expect(page.getByRole("heading", { name: "Returned for changes (1)" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Waiting for a decision (0)" })).toBeVisible();
    await expectNoA11yViolations(page);

    // A decline without a reason is refused beside the field.
    const third = await proposeByRequest(adaPage, origin, summit, item({ title: "A third item" }));
    await page.goto(`/summits/${summit.slug}/triage`);
    const thirdCard = page.locator(`#item-${third}`);
    await thirdCard.getByRole("link", { name: `Return, merge or decline item ${third}` }).click();
    await thirdCard.locator("summary", { hasText: "Decline" }).click();
    await thirdCard.locator("details", { hasText: "Reason for declining" }).getByRole("button").click();
    await expect(page.locator(`#item-${third}`).getByLabel("Reason for declining")).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    await expect(page.locator(`#item-${third}`)).toContainText("Say why the item is declined");
    // Nothing was decided: back on the list, the counts are as they were.
    await page.getByRole("link", { name: "Back to triage" }).click();
    await expect(page.getByRole("heading", { name: "Declined (1)" })).toBeVisible();

    // The proposer reads the reason and the comment.
    await adaPage.goto(`/summits/${summit.slug}/items/${declined}`);
    await expect(adaPage.locator("article .badge").first()).toHaveText("Declined");
    await expect(adaPage.getByText("The organizers declined this item: Out of scope for this summit")).toBeVisible();
    await adaPage.goto(`/summits/${summit.slug}/items/${returned}`);
    await expect(adaPage.locator("article .badge").first()).toHaveText("Returned for changes");
    await expect(
      adaPage.getByText("The organizers returned this item for changes: Name the replacement and a date."),
    ).toBeVisible();
  });

  test("the list filters by status and searches without scripts, with each item's outcome", async ({
    page,
    origin,
    testData,
    signInAs,
    pageAs,
  }) => {
    const summit = await newSummit(testData);
    const organizer = await addOrganizer(testData, summit, "Olga Organizer");
    const ada = await addAttendee(testData, summit, "Ada Proposer");
    const adaPage = await pageAs(ada);
    const items = [
      item({ title: "Next trees", desiredOutcome: "Decide whether maintainers keep -next trees open in the freeze." }),
      item({
        title: "Firmware blobs",
        desiredOutcome: "Decide whether firmware blobs move to a separate repository.",
      }),
      item({
        title: "Release cadence",
        outcomeKind: "information",
        desiredOutcome: "Attendees learn the release calendar for the next three releases.",
      }),
    ];
    for (const input of items) await proposeByRequest(adaPage, origin, summit, input);
    const organizerPage = await pageAs(organizer);
    await postForm(organizerPage, origin, `/summits/${summit.slug}/triage`, { intent: "accept", number: "2" });

    await signInAs(page, ada.email);
    await visit(page, `/summits/${summit.slug}/items`);
    const list = page.getByRole("list", { name: "Agenda items" });
    await expect(list.getByRole("listitem")).toHaveCount(3);
    for (const input of items) {
      await expect(list.getByRole("listitem").filter({ hasText: input.title }).locator(".outcome__text")).toHaveText(
        input.desiredOutcome,
      );
    }

    await page.getByLabel("Status").selectOption("accepted");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/[?&]status=accepted/);
    await expect(list.getByRole("listitem")).toHaveCount(1);
    await expect(list.getByRole("heading", { level: 3 })).toHaveText("#2 Firmware blobs");
    await expect(page.getByText("1 of 3 items matches the filters")).toBeVisible();
    await expect(page.getByLabel("Status")).toHaveValue("accepted");
    await expectNoA11yViolations(page);

    await page.getByLabel("Status").selectOption("");
    await page.getByLabel("Search").fill("calendar");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/[?&]q=calendar/);
    await expect(list.getByRole("listitem")).toHaveCount(1);
    await expect(list.getByRole("listitem")).toContainText("Release cadence");
    await expect(list.locator(".outcome__text")).toHaveText(items[2]!.desiredOutcome);

    await page.getByLabel("Search").fill("nothing-matches-this");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByText("No items match these filters.")).toBeVisible();
    await page.getByRole("link", { name: "Clear the filters" }).first().click();
    await expect(list.getByRole("listitem")).toHaveCount(3);
  });
});

test.describe("revising an item", () => {
  test("the proposer edits the desired outcome and the time requested; the history shows revision 2 with what changed", async ({
    page,
    origin,
    testData,
    signInAs,
  }) => {
    const summit = await newSummit(testData);
    const ada = await addAttendee(testData, summit, "Ada Reviser");
    await signInAs(page, ada.email);
    const number = await proposeByRequest(page, origin, summit, NEXT_TREES);
    const revised = "Decide whether maintainers keep their -next trees, and who merges them, during the freeze.";

    await visit(page, `/summits/${summit.slug}/items/${number}`);
    await page.getByRole("link", { name: "Edit" }).click();
    await expect(page.getByRole("heading", { level: 2 })).toHaveText(`Edit item ${number}: ${NEXT_TREES.title}`);
    await page.waitForLoadState("networkidle");
    await expect(page.getByLabel("Desired outcome")).toHaveValue(NEXT_TREES.desiredOutcome);
    await page.getByLabel("Desired outcome").fill(revised);
    await page.getByLabel("Time requested").fill("45");
    await expectNoA11yViolations(page);
    await page.getByRole("button", { name: "Save changes" }).click();

    await expect(page).toHaveURL(new RegExp(`/items/${number}\\?notice=saved$`));
    await expect(page.getByRole("status")).toContainText("saved as a new revision");
    await expect(page.locator(".outcome__text")).toHaveText(revised);
    await expect(fact(page, "Time requested")).toHaveText("45 minutes");

    const history = historyRegion(page);
    const second = history.getByRole("listitem").filter({ hasText: "Revision 2" }).first();
    await expect(second).toContainText("by Ada Reviser");
    const changes = second.locator("ul > li");
    await expect(changes).toHaveCount(2);
    const outcomeChange = changes.filter({ hasText: "Desired outcome" });
    await expect(outcomeChange.locator("del")).toHaveText(NEXT_TREES.desiredOutcome);
    await expect(outcomeChange.locator("ins")).toHaveText(revised);
    const minutesChange = changes.filter({ hasText: "Time requested" });
    await expect(minutesChange.locator("del")).toHaveText("30 minutes");
    await expect(minutesChange.locator("ins")).toHaveText("45 minutes");
    await expect(history.getByRole("listitem").filter({ hasText: "Revision 1" }).first()).toContainText(
      "The first version.",
    );
    await expectNoA11yViolations(page);

    // An edit that breaks the outcome rules is refused and saves nothing.
    await page.goto(`/summits/${summit.slug}/items/${number}/edit`);
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Desired outcome").fill("n/a");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expectFieldError(page.getByLabel("Desired outcome"), /placeholder/);
    await page.goto(`/summits/${summit.slug}/items/${number}`);
    await expect(historyRegion(page).getByText(/^Revision \d/)).toHaveText([/Revision 1/, /Revision 2/]);
  });

  test("someone else's item cannot be edited by another attendee", async ({ origin, testData, pageAs }) => {
    const summit = await newSummit(testData);
    const ada = await addAttendee(testData, summit, "Ada Owner");
    const eve = await addAttendee(testData, summit, "Eve Other");
    const number = await proposeByRequest(await pageAs(ada), origin, summit, NEXT_TREES);
    const evePage = await pageAs(eve);
    const response = await evePage.goto(`/summits/${summit.slug}/items/${number}/edit`);
    expect(response?.status()).toBe(403);
    await expect(evePage.getByText("Only the item's proposer or the organizers can edit it.")).toBeVisible();
    const post = await evePage.request.post(`${origin}/summits/${summit.slug}/items/${number}/edit`, {
      form: { intent: "save", revision: "1", leadId: "", ...item({ title: "Hijacked" }) },
      headers: { Origin: origin },
      maxRedirects: 0,
    });
    expect(post.status()).toBe(403);
    await evePage.goto(`/summits/${summit.slug}/items/${number}`);
    await expect(evePage.getByRole("heading", { level: 2 })).toHaveText(NEXT_TREES.title);
  });
});

test.describe("co-sponsoring", () => {
  test("another attendee +1s and withdraws it; the proposer has no button on their own item", async ({
    page,
    origin,
    testData,
    signInAs,
    pageAs,
  }) => {
    const summit = await newSummit(testData);
    const ada = await addAttendee(testData, summit, "Ada Proposer");
    const bea = await addAttendee(testData, summit, "Bea Backer");
    const adaPage = await pageAs(ada);
    const number = await proposeByRequest(adaPage, origin, summit, NEXT_TREES);

    await adaPage.goto(`/summits/${summit.slug}/items/${number}`);
    await expect(adaPage.getByRole("heading", { level: 2 })).toHaveText(NEXT_TREES.title);
    await expect(adaPage.getByRole("button", { name: /co-sponsor/i })).toHaveCount(0);
    await expect(fact(adaPage, "Co-sponsors")).toHaveText("None yet");

    await signInAs(page, bea.email);
    await visit(page, `/summits/${summit.slug}/items/${number}`);
    await page.getByRole("button", { name: "Co-sponsor this item (+1)" }).click();
    await expect(page).toHaveURL(/\?notice=cosponsored$/);
    await expect(page.getByRole("status")).toContainText("You co-sponsor this item.");
    await expect(fact(page, "Co-sponsors")).toHaveText("1: Bea Backer");
    await expect(historyRegion(page)).toContainText("Bea Backer co-sponsored it");
    await expectNoA11yViolations(page);

    await visit(page, `/summits/${summit.slug}/items`);
    await expect(page.getByRole("list", { name: "Agenda items" }).getByRole("listitem")).toContainText("+1 co-sponsor");

    await page.goto(`/summits/${summit.slug}/items/${number}`);
    await page.getByRole("button", { name: "Withdraw my co-sponsorship" }).click();
    await expect(page).toHaveURL(/\?notice=unsponsored$/);
    await expect(fact(page, "Co-sponsors")).toHaveText("None yet");
    await expect(page.getByRole("button", { name: "Co-sponsor this item (+1)" })).toBeVisible();

    // The proposer's own +1, sent by hand, is refused.
    const own = await adaPage.request.post(`${origin}/summits/${summit.slug}/items/${number}`, {
      form: { intent: "cosponsor" },
      headers: { Origin: origin },
      maxRedirects: 0,
    });
    expect(own.status()).toBeGreaterThanOrEqual(400);
    expect(own.status()).toBeLessThan(500);
    await adaPage.reload();
    await expect(fact(adaPage, "Co-sponsors")).toHaveText("None yet");
  });
});

test.describe("triage by an organizer", () => {
  test("accepts one item, declines one with a reason, returns one with a comment, merges one into another", async ({
    page,
    origin,
    testData,
    signInAs,
    pageAs,
  }) => {
    const summit = await newSummit(testData);
    const organizer = await addOrganizer(testData, summit, "Olga Organizer");
    const ada = await addAttendee(testData, summit, "Ada Proposer");
    const ben = await addAttendee(testData, summit, "Ben Second");
    const cat = await addAttendee(testData, summit, "Cat Cosponsor");
    const adaPage = await pageAs(ada);
    const benPage = await pageAs(ben);
    const accepted = await proposeByRequest(adaPage, origin, summit, item({ title: "Next trees" }));
    const declined = await proposeByRequest(adaPage, origin, summit, item({ title: "Rewrite in Rust" }));
    const returned = await proposeByRequest(benPage, origin, summit, item({ title: "Old monitor" }));
    const target = await proposeByRequest(adaPage, origin, summit, item({ title: "Firmware blobs" }));
    const duplicate = await proposeByRequest(benPage, origin, summit, item({ title: "Firmware blobs again" }));
    await postForm(await pageAs(cat), origin, `/summits/${summit.slug}/items/${duplicate}`, { intent: "cosponsor" });

    await signInAs(page, organizer.email);
    await visit(page, `/summits/${summit.slug}/triage`);
    await page.waitForLoadState("networkidle");
    await expect(page.getByRole("heading", { name: "Waiting for a decision (5)" })).toBeVisible();
    // The desired outcome is shown for each item waiting.
    await expect(page.locator(`#item-${accepted} .outcome__text`)).toHaveText(NEXT_TREES.desiredOutcome);

    await page.getByRole("button", { name: `Accept item ${accepted}` }).click();
    await expect(page.getByRole("status")).toContainText("The item is accepted");
    await expect(page.getByRole("heading", { name: "Accepted (1)" })).toBeVisible();

    const declinedCard = page.locator(`#item-${declined}`);
    await declinedCard.getByRole("link", { name: `Return, merge or decline item ${declined}` }).click();
    await declinedCard.locator("summary", { hasText: "Decline" }).click();
    await declinedCard.getByLabel("Reason for declining").fill("Not a topic the room can decide this year.");
    await declinedCard.getByRole("button", { name: `Decline item ${declined}` }).click();
    await expect(page.getByRole("heading", { name: "Declined (1)" })).toBeVisible();

    const returnedCard = page.locator(`#item-${returned}`);
    await returnedCard.getByRole("link", { name: `Return, merge or decline item ${returned}` }).click();
    await returnedCard.locator("summary", { hasText: "Return for changes" }).click();
    await returnedCard.getByLabel("What should the proposer change?").fill("Say which release removes it.");
    await returnedCard.getByRole("button", { name: `Return for changes item ${returned}` }).click();
    await expect(page.getByRole("heading", { name: "Returned for changes (1)" })).toBeVisible();

    await expect(page.locator(`#item-${target} .item-card__meta`)).toContainText("no co-sponsors yet");
    const duplicateCard = page.locator(`#item-${duplicate}`);
    await expect(duplicateCard.locator(".item-card__meta")).toContainText("+1 co-sponsor");
    // Merging into itself is refused beside the field.
    await duplicateCard.getByRole("link", { name: `Return, merge or decline item ${duplicate}` }).click();
    await duplicateCard.locator("summary", { hasText: "Merge" }).click();
    await duplicateCard.getByLabel("Merge into item number").fill(String(duplicate));
    await duplicateCard.getByRole("button", { name: `Merge item ${duplicate}` }).click();
    await expect(page.locator(`#item-${duplicate}`)).toContainText("cannot be merged into itself");
    await expectNoA11yViolations(page);

    await page.locator(`#item-${duplicate}`).getByLabel("Merge into item number").fill(String(target));
    await page
      .locator(`#item-${duplicate}`)
      .getByRole("button", { name: `Merge item ${duplicate}` })
      .click();
    await expect(page.getByRole("status")).toContainText("The item is merged");
    await expect(page.locator(`#item-${duplicate}`)).toHaveCount(0);
    // Its proposer and its co-sponsor now back the target.
    await expect(page.locator(`#item-${target} .item-card__meta`)).toContainText("+2 co-sponsors");
    await expect(page.getByRole("heading", { name: "Waiting for a decision (1)" })).toBeVisible();
    await expectNoA11yViolations(page);

    await page.goto(`/summits/${summit.slug}/items/${target}`);
    await expect(fact(page, "Co-sponsors")).toHaveText(/^2: /);
    await expect(fact(page, "Co-sponsors")).toContainText("Cat Cosponsor");
    await expect(fact(page, "Co-sponsors")).toContainText("Ben Second");
    await expect(page.getByRole("link", { name: `Item ${duplicate}: Firmware blobs again` })).toBeVisible();
    await page.goto(`/summits/${summit.slug}/items/${duplicate}`);
    await expect(page.locator("article .badge").first()).toHaveText("Merged");
    await expect(page.getByRole("link", { name: `item ${target}` })).toBeVisible();

    // The proposer sees the reason of the decline and the state of the accepted item.
    await adaPage.goto(`/summits/${summit.slug}/items/${declined}`);
    await expect(
      adaPage.getByText("The organizers declined this item: Not a topic the room can decide this year."),
    ).toBeVisible();
    await expect(historyRegion(adaPage)).toContainText("Olga Organizer declined it");
    await adaPage.goto(`/summits/${summit.slug}/items/${accepted}`);
    await expect(adaPage.locator("article .badge").first()).toHaveText("Accepted");

    // An attendee cannot triage: the page and the action are refused.
    const refused = await adaPage.goto(`/summits/${summit.slug}/triage`);
    expect(refused?.status()).toBe(403);
    const post = await adaPage.request.post(`${origin}/summits/${summit.slug}/triage`, {
      form: { intent: "accept", number: String(returned) },
      headers: { Origin: origin },
      maxRedirects: 0,
    });
    expect(post.status()).toBe(403);
  });
});

test.describe("someone who is not an attendee", () => {
  test("is refused the proposal form and the proposal itself, and nothing is stored", async ({
    page,
    origin,
    testData,
    signInAs,
    pageAs,
  }) => {
    const summit = await newSummit(testData);
    const ada = await addAttendee(testData, summit, "Ada Attendee");
    const member = uniqueEmail("member");
    await signInAs(page, member, { displayName: "Mo Member" });

    const response = await page.goto(`/summits/${summit.slug}/items/new`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You do not have access to this page");
    await expect(
      page.getByText(
        "Only the participants of this summit (its attendees, minute-takers and organizers) and members with a seat request propose agenda items. If you were invited, accept the invitation first.",
      ),
    ).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Title" })).toHaveCount(0);
    await expectNoA11yViolations(page);

    const post = await page.request.post(`${origin}/summits/${summit.slug}/items/new`, {
      form: { intent: "submit", leadId: "", ...NEXT_TREES },
      headers: { Origin: origin },
      maxRedirects: 0,
    });
    expect(post.status()).toBe(403);
    expect(await post.text()).toContain(
      "Only the participants of this summit (its attendees, minute-takers and organizers) and members with a seat request propose agenda items.",
    );

    // Nor can they read the list; the attendees' list is still empty.
    const list = await page.goto(`/summits/${summit.slug}/items`);
    expect(list?.status()).toBe(403);
    const adaPage = await pageAs(ada);
    await adaPage.goto(`/summits/${summit.slug}/items`);
    await expect(adaPage.getByText("No items yet.")).toBeVisible();
    await expect(adaPage.getByRole("list", { name: "Agenda items" })).toHaveCount(0);
  });

  test("a visitor who is not signed in is sent to sign in", async ({ page, testData }) => {
    const summit = await newSummit(testData);
    await page.goto(`/summits/${summit.slug}/items/new`);
    await expect(page).toHaveURL(/\/login\?/);
  });
});
