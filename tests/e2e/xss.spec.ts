// R15: an XSS corpus in every field of an agenda item that is shown (and in a
// display name, a decline reason and a return comment), then every page that
// shows them is opened: no dialog, console marker, CSP violation or beacon
// request may fire, every link has a safe scheme, and the payloads read as text.
import type { Page } from "@playwright/test";
import { expect, test as base, uniqueEmail, type TestSummit } from "./fixtures";

const MARKER = "XSSMARK7";
const BEACON_HOST = "beacon.invalid";

const DISPLAY_NAME = `"><img src=x onerror=alert('${MARKER}')><script>alert(1)</script>`;

const TITLES = [
  `<script>alert("${MARKER}")</script><img src=x onerror=fetch('https://${BEACON_HOST}/t')>`,
  `<svg onload=alert('${MARKER}')> & "quotes" 'too' </textarea><b>bold?</b>`,
  `javascript:alert('${MARKER}') <iframe src="javascript:alert(1)"></iframe>`,
];

const OUTCOMES = [
  `Attendees learn why <img src=x onerror="console.log('${MARKER}')"> stays text on every page.`,
  `Attendees learn that <script>fetch('https://${BEACON_HOST}/o')</script> never runs here.`,
  `Attendees see "><svg/onload=alert('${MARKER}')> as plain words in the outcome.`,
];

const BACKGROUND = [
  `<script>console.log("${MARKER}");fetch("https://${BEACON_HOST}/s")</script>`,
  "",
  `<img src=x onerror="alert('${MARKER}');fetch('https://${BEACON_HOST}/i')">`,
  "",
  "[click me](javascript:alert(1)) and [also](JaVaScRiPt:alert(2)) and [vb](vbscript:msgbox(1))",
  "",
  `<svg onload="alert('${MARKER}')"><circle r="1"/></svg>`,
  "",
  `<a href="data:text/html,<script>alert('${MARKER}')</script>">data link</a>`,
  "",
  "<javascript:alert(1)>",
  "",
  `<iframe src="https://${BEACON_HOST}/f"></iframe><object data="https://${BEACON_HOST}/o"></object>`,
  "",
  `<a href="https://example.org/" onclick="alert('${MARKER}')" style="color:red">styled</a>`,
  "",
  `[entity](&#106;avascript:alert(1)) [spaced]( javascript:alert(1) )`,
  "",
  "A [safe link](https://example.org/safe) and <mailto:list@example.org>.",
].join("\n");

const LINKS = "https://lists.example.org/archives/thread-1";

const DECLINE_REASON = `<script>alert("${MARKER}")</script><img src=x onerror=fetch('https://${BEACON_HOST}/d')> [x](javascript:alert(1))`;
const RETURN_COMMENT = `<svg onload=alert('${MARKER}')></svg><a href="javascript:alert(1)">fix</a> <img src=x onerror=alert(2)>`;

/** Fragments that may appear in a page only escaped: their raw form is an injected element. */
const RAW_FRAGMENTS = [
  "<img src=x",
  "<script>alert",
  "<script>console",
  "<script>fetch",
  "<svg onload",
  "<svg/onload",
  `<iframe src="javascript`,
  `<iframe src="https://${BEACON_HOST}`,
  "</textarea><b>",
  `<a href="javascript:`,
  `<a href="data:`,
];

interface Watch {
  dialogs: string[];
  markers: string[];
  beacons: string[];
}

const test = base.extend<{ newPageAs(email: string): Promise<{ page: Page; watch: Watch }> }>({
  newPageAs: async ({ browser, origin, signInAs }, use) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await use(async (email) => {
      const context = await browser.newContext({ baseURL: origin });
      contexts.push(context);
      const page = await context.newPage();
      const watch: Watch = { dialogs: [], markers: [], beacons: [] };
      // A CSP report means something tried to run or load that the page did not send on purpose.
      await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (event) => {
          console.log(`CSP-VIOLATION ${event.violatedDirective} ${event.blockedURI}`);
        });
      });
      page.on("dialog", (dialog) => {
        watch.dialogs.push(`${page.url()}: ${dialog.type()} ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on("console", (message) => {
        const text = message.text();
        if (text.includes(MARKER) || text.includes("CSP-VIOLATION")) watch.markers.push(`${page.url()}: ${text}`);
      });
      page.on("request", (request) => {
        if (request.url().includes(BEACON_HOST)) watch.beacons.push(`${page.url()}: ${request.url()}`);
      });
      await signInAs(page, email);
      return { page, watch };
    });
    for (const context of contexts) await context.close();
  },
});

async function post(page: Page, origin: string, path: string, form: Record<string, string>): Promise<string> {
  const response = await page.request.post(`${origin}${path}`, { form, headers: { Origin: origin }, maxRedirects: 0 });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(302);
  return response.headers()["location"] ?? "";
}

/** Opens a page with scripts on and checks it: nothing runs, every link is safe, no raw payload in the HTML. */
async function inspect(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  await page.waitForLoadState("networkidle");
  await inspectShown(page, path);
  const html = await (await page.request.get(path)).text();
  for (const fragment of RAW_FRAGMENTS) {
    expect(html.includes(fragment), `${path}: raw “${fragment}” in the HTML`).toBe(false);
  }
}

/** Checks the page as it is shown now (after a form's answer too): every link is safe, no element was injected. */
async function inspectShown(page: Page, path: string): Promise<void> {
  await expect(page.getByRole("heading", { level: 1 }), path).toBeVisible();

  const unsafeLinks = await page.locator("a[href]").evaluateAll((anchors) =>
    anchors
      .map((a) => a.getAttribute("href") ?? "")
      .filter((href) => {
        let url: URL;
        try {
          url = new URL(href, document.baseURI);
        } catch {
          return true;
        }
        if (url.protocol === "mailto:") return false;
        if (url.protocol !== "http:" && url.protocol !== "https:") return true;
        // Relative and same-origin paths resolve here; absolute ones must be written as http(s) too.
        return /^\s*[a-z][a-z0-9+.-]*:/i.test(href) && !/^(https?|mailto):/i.test(href.trim());
      }),
  );
  expect(unsafeLinks, `${path}: links with an unsafe scheme`).toEqual([]);

  const injected = await page.evaluate(() => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll("*"))) {
      for (const attr of Array.from(el.attributes)) {
        if (/^on/i.test(attr.name)) found.push(`<${el.tagName.toLowerCase()} ${attr.name}>`);
        if (attr.name === "style") found.push(`<${el.tagName.toLowerCase()} style>`);
      }
    }
    for (const el of Array.from(
      document.querySelectorAll("iframe, object, embed, svg script, form[action^='javascript']"),
    )) {
      found.push(el.tagName.toLowerCase());
    }
    for (const script of Array.from(document.querySelectorAll("script"))) {
      if (!script.nonce) found.push(`script without a nonce: ${(script.textContent ?? "").slice(0, 60)}`);
    }
    return found;
  });
  expect(injected, `${path}: elements or attributes the payloads would add`).toEqual([]);
}

function expectQuiet(watch: Watch): void {
  expect(watch.dialogs, "dialogs").toEqual([]);
  expect(watch.markers, "console markers and CSP violations").toEqual([]);
  expect(watch.beacons, "beacon requests").toEqual([]);
}

test("the XSS corpus in items, names, reasons and comments is shown as text on every page", async ({
  origin,
  testData,
  newPageAs,
}) => {
  test.setTimeout(120_000);
  const summit: TestSummit = await testData.createSummit({ phase: "proposals" });
  const proposerEmail = uniqueEmail("xss");
  await testData.createUser({ email: proposerEmail, displayName: DISPLAY_NAME });
  await testData.addAttendee({ slug: summit.slug, email: proposerEmail });
  const organizerEmail = uniqueEmail("organizer");
  await testData.createUser({ email: organizerEmail, displayName: `Olga <b onmouseover=alert(1)>Organizer</b>` });
  await testData.grantRole({ slug: summit.slug, email: organizerEmail, role: "organizer" });
  const backerEmail = uniqueEmail("backer");
  await testData.createUser({ email: backerEmail, displayName: `<svg onload=alert('${MARKER}')>Backer` });
  await testData.addAttendee({ slug: summit.slug, email: backerEmail });

  const proposer = await newPageAs(proposerEmail);
  const numbers: number[] = [];
  for (const [index, title] of TITLES.entries()) {
    const location = await post(proposer.page, origin, `/summits/${summit.slug}/items/new`, {
      intent: "submit",
      title,
      outcomeKind: "information",
      desiredOutcome: OUTCOMES[index]!,
      background: BACKGROUND,
      minutesNeeded: "20",
      leadId: "",
      links: LINKS,
    });
    const match = /\/items\/(\d+)\?/.exec(location);
    expect(match, location).not.toBeNull();
    numbers.push(Number(match![1]));
  }
  // A link field with an unsafe scheme is refused, not stored.
  const refused = await proposer.page.request.post(`${origin}/summits/${summit.slug}/items/new`, {
    form: {
      intent: "submit",
      title: "Unsafe link",
      outcomeKind: "information",
      desiredOutcome: OUTCOMES[0]!,
      background: "",
      minutesNeeded: "20",
      leadId: "",
      links: "javascript:alert(1)",
    },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(400);

  const backer = await newPageAs(backerEmail);
  await post(backer.page, origin, `/summits/${summit.slug}/items/${numbers[0]}`, { intent: "cosponsor" });

  const organizer = await newPageAs(organizerEmail);
  const triage = `/summits/${summit.slug}/triage`;
  await post(organizer.page, origin, triage, { intent: "decline", number: String(numbers[1]), reason: DECLINE_REASON });
  await post(organizer.page, origin, triage, { intent: "return", number: String(numbers[2]), comment: RETURN_COMMENT });

  const itemPaths = numbers.flatMap((n) => [
    `/summits/${summit.slug}/items/${n}`,
    `/summits/${summit.slug}/items/${n}/edit`,
  ]);
  const listPaths = [
    `/summits/${summit.slug}/items`,
    `/summits/${summit.slug}/items?status=declined`,
    `/summits/${summit.slug}/items?q=${encodeURIComponent("<script>")}&sort=cosponsors`,
    `/summits/${summit.slug}/items?q=${encodeURIComponent(`"><img src=x onerror=alert(1)>`)}`,
    `/summits/${summit.slug}/items?kind=information&status=returned`,
  ];

  for (const path of [
    ...listPaths,
    ...itemPaths,
    triage,
    `/summits/${summit.slug}`,
    `/summits/${summit.slug}/manage`,
    `/summits/${summit.slug}/attendees`,
  ]) {
    await inspect(organizer.page, path);
  }
  expectQuiet(organizer.watch);

  for (const path of [...listPaths, ...itemPaths, `/summits/${summit.slug}`, `/summits/${summit.slug}/attendees`]) {
    await inspect(proposer.page, path);
  }
  expectQuiet(proposer.watch);

  for (const path of [listPaths[0]!, `/summits/${summit.slug}/items/${numbers[0]}`]) {
    await inspect(backer.page, path);
  }
  expectQuiet(backer.watch);

  // The payloads read as the text that was typed.
  const page = proposer.page;
  for (const [index, title] of TITLES.entries()) {
    await page.goto(`/summits/${summit.slug}/items/${numbers[index]}`);
    await expect(page.getByRole("heading", { level: 2 })).toHaveText(title);
    await expect(page.locator(".outcome__text")).toHaveText(OUTCOMES[index]!);
    await expect(page.locator("dl.item-facts")).toContainText(DISPLAY_NAME);
    await expect(page).toHaveTitle(new RegExp(`^Item ${numbers[index]}: `));
    // The background's raw HTML is not shown as elements; the safe links survive.
    const background = page.getByRole("region", { name: "Background" });
    await expect(background.getByRole("link", { name: "safe link" })).toHaveAttribute(
      "href",
      "https://example.org/safe",
    );
    await expect(background.locator("img, svg, iframe, object, script")).toHaveCount(0);
  }
  await page.goto(`/summits/${summit.slug}/items/${numbers[1]}`);
  await expect(page.getByText(`The organizers declined this item: ${DECLINE_REASON}`)).toBeVisible();
  await page.goto(`/summits/${summit.slug}/items/${numbers[2]}`);
  await expect(page.getByText(`The organizers returned this item for changes: ${RETURN_COMMENT}`)).toBeVisible();
  await page.goto(`/summits/${summit.slug}/items/${numbers[0]}`);
  await expect(page.locator("dl.item-facts")).toContainText(`1: <svg onload=alert('${MARKER}')>Backer`);
  await page.goto(`/summits/${summit.slug}/items/${numbers[2]}/edit`);
  await expect(page.getByLabel("Title")).toHaveValue(TITLES[2]!);
  await expect(page.getByLabel("Background (optional)")).toHaveValue(BACKGROUND);
  // The audit log and the attendees page name the proposer literally.
  await organizer.page.goto(`/summits/${summit.slug}/manage`);
  await expect(
    organizer.page.getByRole("region", { name: "Recent changes" }).getByRole("cell", { name: DISPLAY_NAME }).first(),
  ).toBeVisible();
  await organizer.page.goto(`/summits/${summit.slug}/attendees`);
  await expect(organizer.page.getByText(DISPLAY_NAME).first()).toBeVisible();
  expectQuiet(organizer.watch);
  await page.goto(`/summits/${summit.slug}/items`);
  await expect(page.getByRole("list", { name: "Agenda items" }).getByRole("link", { name: TITLES[0] })).toBeVisible();
  expectQuiet(proposer.watch);
});

/** A MAINTAINERS file whose section titles and names are the corpus's payloads. */
function payloadMaintainers(slug: string, sections: number): string {
  return Array.from(
    { length: sections },
    (_, i) => `${TITLES[i % TITLES.length]!} ${i}\nM: ${DISPLAY_NAME} <${slug}-m${i}@example.org>\nS: Maintained\n`,
  ).join("\n");
}

test("the XSS corpus in imported names and MAINTAINERS sections is shown as text, in the preview too", async ({
  origin,
  testData,
  newPageAs,
}) => {
  test.setTimeout(120_000);
  const summit: TestSummit = await testData.createSummit({ phase: "proposals" });
  const organizerEmail = uniqueEmail("organizer");
  await testData.createUser({ email: organizerEmail, displayName: "Olga Organizer" });
  await testData.grantRole({ slug: summit.slug, email: organizerEmail, role: "organizer" });
  const organizer = await newPageAs(organizerEmail);
  const sources = `/summits/${summit.slug}/sources`;
  const shortlog = TITLES.map((title, i) => `   ${40 - i}\t${title} <${summit.slug}-c${i}@example.org>`).join("\n");
  await post(organizer.page, origin, sources, {
    intent: "apply-import",
    kind: "shortlog",
    text: shortlog,
    label: TITLES[0]!,
  });
  await post(organizer.page, origin, sources, {
    intent: "apply-import",
    kind: "maintainers",
    text: payloadMaintainers(summit.slug, 6),
    label: "",
  });
  await post(organizer.page, origin, `/summits/${summit.slug}/eligibility`, {
    intent: "add-rule",
    kind: "responsibility",
    scope: "all",
  });
  for (const path of [sources, `/summits/${summit.slug}/eligibility`]) await inspect(organizer.page, path);

  // The preview of a file cut short in the middle of a payload, which would remove most entries.
  const page = organizer.page;
  await page.goto(sources);
  const form = page.getByRole("region", { name: "Import shortlog output, a CSV or a MAINTAINERS file" });
  await form.getByLabel("What it is").selectOption("maintainers");
  await form.getByLabel("…or choose a file").setInputFiles({
    name: `${TITLES[1]!}.txt`,
    mimeType: "text/plain",
    buffer: Buffer.from(`${payloadMaintainers(summit.slug, 1)}\n${TITLES[2]!}\nM: ${DISPLAY_NAME}`),
  });
  await form.getByRole("button", { name: "Show what would be imported" }).click();
  await expect(page.getByRole("table", { name: /^Removed: 5 of the 6 current entries/ })).toContainText(DISPLAY_NAME);
  await expect(page.getByRole("alert").filter({ hasText: "looks cut short" })).toContainText(`M: ${DISPLAY_NAME}`);
  await inspectShown(page, `${sources} (preview)`);
  expectQuiet(organizer.watch);
});

test("the XSS corpus in titles, names and break labels is shown as text on the vote and the day", async ({
  origin,
  testData,
  newPageAs,
}) => {
  test.setTimeout(120_000);
  const summit: TestSummit = await testData.createSummit({ phase: "proposals" });
  const proposerEmail = uniqueEmail("xss-voter");
  await testData.createUser({ email: proposerEmail, displayName: DISPLAY_NAME });
  await testData.addAttendee({ slug: summit.slug, email: proposerEmail });
  const organizerEmail = uniqueEmail("organizer");
  await testData.createUser({ email: organizerEmail, displayName: `Olga <b onmouseover=alert(1)>Organizer</b>` });
  await testData.grantRole({ slug: summit.slug, email: organizerEmail, role: "organizer" });
  const proposer = await newPageAs(proposerEmail);
  const organizer = await newPageAs(organizerEmail);
  const numbers: number[] = [];
  for (const [index, title] of TITLES.entries()) {
    const location = await post(proposer.page, origin, `/summits/${summit.slug}/items/new`, {
      intent: "submit",
      title,
      outcomeKind: "information",
      desiredOutcome: OUTCOMES[index]!,
      background: "",
      minutesNeeded: "30",
      leadId: "",
      links: "",
    });
    const number = Number(/\/items\/(\d+)\?/.exec(location)![1]);
    numbers.push(number);
    await post(organizer.page, origin, `/summits/${summit.slug}/triage`, { intent: "accept", number: String(number) });
  }
  await testData.setSummit({ slug: summit.slug, phase: "voting" });
  const vote = `/summits/${summit.slug}/vote`;
  const voting = `/summits/${summit.slug}/voting`;
  await post(organizer.page, origin, voting, { intent: "open" });
  await post(proposer.page, origin, vote, {
    intent: "cast",
    ...Object.fromEntries(numbers.map((n, i) => [`rank-${n}`, String(i + 1)])),
  });
  await inspect(proposer.page, vote);
  await inspect(organizer.page, vote);
  await inspect(organizer.page, voting);
  await post(organizer.page, origin, voting, { intent: "close" });
  await inspect(proposer.page, vote);

  await testData.setSummit({ slug: summit.slug, phase: "agenda" });
  const breakLabel = `<script>alert("${MARKER}")</script><img src=x onerror=alert(1)>`;
  await post(organizer.page, origin, `/summits/${summit.slug}/manage`, {
    intent: "set-days",
    days: `2031-10-25 13:00-15:00\n  break 14:00-14:15 ${breakLabel}`,
  });
  const schedule = `/summits/${summit.slug}/schedule`;
  await inspect(organizer.page, schedule);
  await inspect(organizer.page, `/summits/${summit.slug}/manage`);
  await post(organizer.page, origin, schedule, { intent: "publish" });
  await inspect(proposer.page, `/summits/${summit.slug}`);
  expectQuiet(organizer.watch);
  expectQuiet(proposer.watch);

  // The payloads read as what was typed, on the ballot, the result, the day and the calendar file.
  await proposer.page.goto(`/summits/${summit.slug}`);
  const agenda = proposer.page.getByRole("region", { name: "Agenda" });
  await expect(agenda.getByRole("link", { name: `${numbers[0]}. ${TITLES[0]}` })).toBeVisible();
  await expect(agenda.getByText(breakLabel.slice(0, 60).trim())).toBeVisible();
  await expect(agenda.getByText(DISPLAY_NAME).first()).toBeVisible();
  const calendar = await (await proposer.page.request.get(`/summits/${summit.slug}/agenda.ics`)).text();
  expect(calendar.replace(/\r\n[ \t]/g, "")).toContain(`SUMMARY:${numbers[0]}. ${TITLES[0]!.replace(/[,;]/g, "\\$&")}`);
  expectQuiet(proposer.watch);
});

test("the XSS corpus in a poll's proposal, reasons, names and decision is shown as text", async ({
  origin,
  testData,
  newPageAs,
}) => {
  test.setTimeout(120_000);
  const summit: TestSummit = await testData.createSummit({ phase: "proposals" });
  const attendeeEmail = uniqueEmail("xss-poller");
  await testData.createUser({ email: attendeeEmail, displayName: DISPLAY_NAME });
  await testData.addAttendee({ slug: summit.slug, email: attendeeEmail });
  const organizerEmail = uniqueEmail("organizer");
  await testData.createUser({ email: organizerEmail, displayName: "Olga Organizer" });
  await testData.grantRole({ slug: summit.slug, email: organizerEmail, role: "organizer" });
  const attendee = await newPageAs(attendeeEmail);
  const organizer = await newPageAs(organizerEmail);
  const location = await post(attendee.page, origin, `/summits/${summit.slug}/items/new`, {
    intent: "submit",
    title: TITLES[1]!,
    outcomeKind: "decision",
    desiredOutcome: `Decide whether <img src=x onerror="console.log('${MARKER}')"> stays text on every page?`,
    background: "",
    minutesNeeded: "30",
    leadId: "",
    links: "",
  });
  const number = /\/items\/(\d+)\?/.exec(location)![1]!;
  await post(organizer.page, origin, `/summits/${summit.slug}/triage`, { intent: "accept", number });
  await testData.setSummit({ slug: summit.slug, phase: "voting" });
  const poll = `/summits/${summit.slug}/items/${number}/poll`;
  await post(organizer.page, origin, poll, { intent: "open", proposal: TITLES[0]! });
  await post(attendee.page, origin, poll, { intent: "answer", answer: "block", reason: DECLINE_REASON });
  await inspect(attendee.page, poll);
  await inspect(organizer.page, poll);
  await post(organizer.page, origin, poll, { intent: "close" });
  await inspect(organizer.page, poll);
  await post(organizer.page, origin, poll, { intent: "record", decision: RETURN_COMMENT });
  await inspect(attendee.page, poll);
  await inspect(attendee.page, `/summits/${summit.slug}/items/${number}`);
  expectQuiet(organizer.watch);
  expectQuiet(attendee.watch);
  // What was typed reads back as typed.
  await attendee.page.goto(poll);
  await expect(attendee.page.getByText(DECLINE_REASON, { exact: false }).first()).toBeVisible();
  await expect(attendee.page.getByText(RETURN_COMMENT)).toBeVisible();
  await expect(attendee.page.getByText(TITLES[0]!)).toBeVisible();
  expectQuiet(attendee.watch);
});
