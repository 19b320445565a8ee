// Each main page on a phone and on a laptop: it answers, has the right heading,
// fits the width, and passes axe-core. Then keyboard use: skip link and focus.
import type { Page } from "@playwright/test";
import { LAPTOP_VIEWPORT, PHONE_VIEWPORT } from "../helpers/browser";
import { expect, expectNoA11yViolations, test, uniqueEmail, visit, type SignInAs, type TestData } from "./fixtures";

interface PageCase {
  name: string;
  status: number;
  /** Signs in as needed and returns the path to open and the expected level-1 heading. */
  prepare(page: Page, data: TestData, signInAs: SignInAs): Promise<{ path: string; heading: string | RegExp }>;
}

const CASES: PageCase[] = [
  {
    name: "home",
    status: 200,
    async prepare(_page, data) {
      await data.createSummit({ title: "Listed Summit" });
      return { path: "/", heading: "Summits" };
    },
  },
  {
    name: "summit page",
    status: 200,
    async prepare(_page, data) {
      const summit = await data.createSummit({ title: "KVM Forum Summit", phase: "proposals" });
      return { path: `/summits/${summit.slug}`, heading: summit.title };
    },
  },
  {
    name: "sign-in page",
    status: 200,
    async prepare() {
      return { path: "/login", heading: "Sign in" };
    },
  },
  {
    name: "profile",
    status: 200,
    async prepare(page, _data, signInAs) {
      await signInAs(page, uniqueEmail("profile"));
      return { path: "/profile", heading: "Your profile" };
    },
  },
  {
    name: "manage page",
    status: 200,
    async prepare(page, data, signInAs) {
      const summit = await data.createSummit({ title: "Managed Summit" });
      const email = uniqueEmail("organizer");
      await data.createUser({ email });
      await data.grantRole({ slug: summit.slug, email, role: "organizer" });
      await signInAs(page, email);
      return { path: `/summits/${summit.slug}/manage`, heading: new RegExp(summit.title) };
    },
  },
  {
    name: "admin page",
    status: 200,
    async prepare(page, _data, signInAs) {
      await signInAs(page, uniqueEmail("admin"), { isAdmin: true });
      return { path: "/admin", heading: /./ };
    },
  },
  {
    name: "agenda item list",
    status: 200,
    async prepare(page, data, signInAs) {
      const { summit } = await summitWithItem(page, data, signInAs);
      return { path: `/summits/${summit.slug}/items`, heading: summit.title };
    },
  },
  {
    name: "agenda item page",
    status: 200,
    async prepare(page, data, signInAs) {
      const { summit, number } = await summitWithItem(page, data, signInAs);
      return { path: `/summits/${summit.slug}/items/${number}`, heading: summit.title };
    },
  },
  {
    name: "proposal form",
    status: 200,
    async prepare(page, data, signInAs) {
      const { summit } = await summitWithItem(page, data, signInAs);
      return { path: `/summits/${summit.slug}/items/new`, heading: summit.title };
    },
  },
  {
    name: "item edit page",
    status: 200,
    async prepare(page, data, signInAs) {
      const { summit, number } = await summitWithItem(page, data, signInAs);
      return { path: `/summits/${summit.slug}/items/${number}/edit`, heading: summit.title };
    },
  },
  {
    name: "triage page",
    status: 200,
    async prepare(page, data, signInAs) {
      const { summit } = await summitWithItem(page, data, signInAs);
      return { path: `/summits/${summit.slug}/triage`, heading: summit.title };
    },
  },
  {
    name: "404 page",
    status: 404,
    async prepare() {
      return { path: "/no/such/page", heading: "Page not found" };
    },
  },
];

/**
 * A summit in its proposals phase whose organizer (signed in on the page) has
 * proposed one item, with a revision, a long link and Markdown background.
 */
async function summitWithItem(
  page: Page,
  data: TestData,
  signInAs: SignInAs,
): Promise<{ summit: { slug: string; title: string }; number: number }> {
  const origin = String(test.info().project.use.baseURL).replace(/\/$/, "");
  const summit = await data.createSummit({ title: "Agenda Items Summit", phase: "proposals" });
  const email = uniqueEmail("organizer");
  await data.createUser({ email, displayName: "Olga Organizer" });
  await data.grantRole({ slug: summit.slug, email, role: "organizer" });
  await signInAs(page, email);
  const fields = {
    title: "Maintainer -next trees during the soft freeze",
    outcomeKind: "decision",
    desiredOutcome: "Decide whether maintainers keep their own -next trees open during the soft freeze.",
    background: "Several subsystems run a -next branch:\n\n- block\n- migration\n\n`git fetch next` is how.",
    minutesNeeded: "30",
    leadId: "",
    links: "https://lists.example.org/archives/qemu-devel/2017-10/msg01234567890-a-long-message-id@example.org.html",
  };
  const created = await page.request.post(`${origin}/summits/${summit.slug}/items/new`, {
    form: { intent: "submit", ...fields },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(created.status(), await created.text()).toBe(302);
  const number = Number(/\/items\/(\d+)\?/.exec(created.headers()["location"] ?? "")?.[1]);
  const edited = await page.request.post(`${origin}/summits/${summit.slug}/items/${number}/edit`, {
    form: { intent: "save", revision: "1", ...fields, minutesNeeded: "45" },
    headers: { Origin: origin },
    maxRedirects: 0,
  });
  expect(edited.status(), await edited.text()).toBe(302);
  return { summit, number };
}

const VIEWPORTS = [
  { name: "phone", viewport: PHONE_VIEWPORT },
  { name: "laptop", viewport: LAPTOP_VIEWPORT },
];

for (const { name: device, viewport } of VIEWPORTS) {
  test.describe(`on a ${device}`, () => {
    test.use({ viewport });

    for (const pageCase of CASES) {
      test(`the ${pageCase.name} is readable and accessible`, async ({ page, testData, signInAs }) => {
        const { path, heading } = await pageCase.prepare(page, testData, signInAs);
        const response = await visit(page, path);
        expect(response.status()).toBe(pageCase.status);
        await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
        await expect(page.getByRole("banner")).toBeVisible();
        await expect(page.getByRole("main")).toBeVisible();
        await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
        // Headings go down one level at a time, starting at h1.
        const levels = await page
          .locator("h1, h2, h3, h4, h5, h6")
          .evaluateAll((els) => els.map((el) => Number(el.tagName[1])));
        expect(levels[0]).toBe(1);
        for (let i = 1; i < levels.length; i++) {
          expect(levels[i]!, `heading levels ${levels.join(", ")} skip a level`).toBeLessThanOrEqual(
            levels[i - 1]! + 1,
          );
        }
        // Nothing wider than the screen: no sideways scrolling on a phone.
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, "page is wider than the viewport").toBeLessThanOrEqual(0);
      });
    }
  });
}

async function focusedElement(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      text: el.textContent?.trim() ?? "",
      insideMain: Boolean(el.closest("main")),
      outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
      shadow: style.boxShadow !== "none",
      visible: box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight,
    };
  });
}

test.describe("keyboard use", () => {
  for (const { name: device, viewport } of VIEWPORTS) {
    test(`on a ${device}, Tab reaches the skip link first, with visible focus, and it skips to the content`, async ({
      page,
      testData,
    }) => {
      await page.setViewportSize(viewport);
      await testData.createSummit({ title: "Keyboard Summit" });
      await visit(page, "/");
      await page.keyboard.press("Tab");
      const first = await focusedElement(page);
      expect(first?.tag).toBe("a");
      expect(first?.text).toBe("Skip to content");
      expect(first?.visible, "the focused skip link is on screen").toBe(true);
      expect(first?.outline || first?.shadow, "the focus is drawn").toBe(true);

      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/#main$/);
      await page.keyboard.press("Tab");
      const next = await focusedElement(page);
      expect(next?.insideMain, "after skipping, Tab continues inside the main content").toBe(true);
      expect(next?.outline || next?.shadow, "the focus is drawn").toBe(true);
      await expectNoA11yViolations(page);
    });
  }

  test("the sign-in form can be used with the keyboard alone", async ({ page }) => {
    await visit(page, "/login");
    const field = page.getByLabel("Email address");
    for (let i = 0; i < 20 && !(await field.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press("Tab");
    }
    await expect(field).toBeFocused();
    const focus = await focusedElement(page);
    expect(focus?.outline || focus?.shadow, "the focused field is marked").toBe(true);
    await page.keyboard.type(uniqueEmail("keys"));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status")).toContainText("Check your email");
    await expectNoA11yViolations(page);
  });
});

test("the development mailbox page does not exist in production", async ({ page }) => {
  const response = await visit(page, "/dev/mail");
  expect(response.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
});

test.describe("the manage page's forms", () => {
  test("refuse beside the field keeping what was typed, name a minute-taker, and move the phase", async ({
    page,
    testData,
    signInAs,
  }) => {
    const summit = await testData.createSummit({ title: "Forms Summit" });
    const email = uniqueEmail("organizer");
    await testData.createUser({ email });
    await testData.grantRole({ slug: summit.slug, email, role: "organizer" });
    await signInAs(page, email);
    await visit(page, `/summits/${summit.slug}/manage`);

    // Details: an unknown timezone is refused beside its field, and what was typed stays.
    const details = page.getByRole("form", { name: "Details" });
    await details.getByLabel("Timezone").fill("Nowhere/Special");
    await details.getByLabel("Venue or co-located event").fill("Hall C");
    await details.getByRole("button", { name: "Save details" }).click();
    const timezone = details.getByLabel("Timezone");
    await expect(timezone).toHaveAttribute("aria-invalid", "true");
    const errorId = ((await timezone.getAttribute("aria-describedby")) ?? "").split(" ")[0]!;
    await expect(page.locator(`[id="${errorId}"]`)).toContainText("IANA timezone");
    await expect(timezone).toHaveValue("Nowhere/Special");
    await expect(details.getByLabel("Venue or co-located event")).toHaveValue("Hall C");
    await expectNoA11yViolations(page);

    // A minute-taker is named; the field is empty again for the next one.
    const minuteTaker = uniqueEmail("minute.taker");
    const field = page.getByLabel("Name a minute-taker by email address");
    await field.fill(minuteTaker);
    await page.getByRole("button", { name: "Name minute-taker" }).click();
    await expect(page.getByRole("status")).toContainText("The minute-taker has been named.");
    await expect(page.getByRole("region", { name: "Minute-takers" })).toContainText(minuteTaker);
    await expect(field).toHaveValue("");

    // Naming them again is refused beside the field.
    await field.fill(minuteTaker);
    await page.getByRole("button", { name: "Name minute-taker" }).click();
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator(".field-error")).toContainText("already a minute-taker");
    await expect(field).toHaveValue(minuteTaker);

    // The phase moves forward once confirmed.
    await page.getByRole("link", { name: "Move forward to Proposals…" }).click();
    await page.getByRole("button", { name: "Yes, move to Proposals" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Phase: Proposals" })).toBeVisible();
    await expect(page.getByRole("status")).toContainText("The phase has been moved.");
    await expectNoA11yViolations(page);
  });
});
