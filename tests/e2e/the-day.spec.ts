// The day from the organizer's side and the attendee's, without JavaScript:
// the days described on Manage (a refusal beside the field first), the agenda
// built from the closed vote with its overflow, a pin refused and a swap made,
// publication, then the agenda on the summit page and its calendar file.
import ICAL from "ical.js";
import { expect, test, visit } from "./fixtures";
import { postForm, summitToVoteOn, TITLES } from "./voting-summit";

test.describe("the day without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("describe the days, build and adjust the agenda, publish it, read it and download it", async ({
    browser,
    origin,
    testData,
    signInAs,
  }) => {
    test.slow();
    const { summit, pages, close } = await summitToVoteOn({
      browser,
      origin,
      testData,
      signInAs,
      javaScriptEnabled: false,
    });
    const voting = `/summits/${summit.slug}/voting`;
    const vote = `/summits/${summit.slug}/vote`;
    await postForm(pages.organizer, origin, voting, { intent: "open" });
    // Both rank item 3 first, then item 1, then item 2.
    for (const page of [pages.ada, pages.bert]) {
      await postForm(page, origin, vote, { intent: "cast", "rank-3": "1", "rank-1": "2", "rank-2": "3" });
    }
    await postForm(pages.organizer, origin, voting, { intent: "close" });
    await testData.setSummit({ slug: summit.slug, phase: "agenda" });

    const page = pages.organizer;
    await visit(page, `/summits/${summit.slug}/manage`);
    const days = page.getByLabel("Days and breaks");
    await days.fill("Wednesday afternoon");
    await page.getByRole("button", { name: "Save the days" }).click();
    await expect(page.locator(".field-error")).toContainText("Line 1: write a day as");
    await expect(page.getByLabel("Days and breaks")).toHaveValue("Wednesday afternoon");
    // 13:00–13:40 and 14:00–14:30 are free around the coffee: two 30-minute items fit, the third does not.
    await page.getByLabel("Days and breaks").fill("2017-10-26 13:00-14:30\n  break 13:40-14:00 Coffee");
    await page.getByRole("button", { name: "Save the days" }).click();
    await expect(page.getByRole("status")).toContainText("The summit's days have been saved.");

    await visit(page, `/summits/${summit.slug}/schedule`);
    const rows = page.getByRole("table", { name: /2017-10-26/ }).getByRole("row");
    await expect(rows.nth(1)).toContainText(`13:00–13:30`);
    await expect(rows.nth(1)).toContainText(`3. ${TITLES[2]}`);
    await expect(rows.nth(2)).toContainText("Coffee");
    await expect(rows.nth(3)).toContainText(`14:00–14:30`);
    await expect(rows.nth(3)).toContainText(`1. ${TITLES[0]}`);
    const overflow = page.getByRole("region", { name: "To be taken to the list" });
    await expect(overflow).toContainText(`2. ${TITLES[1]}`);

    // Item 1 at 14:10 would run past the end of the day: refused, with the time as typed.
    const pin1 = page.getByRole("form", { name: "Pin item 1" });
    await pin1.getByLabel("Time").fill("14:10");
    await pin1.getByRole("button", { name: "Pin" }).click();
    await expect(page.getByRole("alert")).toContainText("cannot be pinned");
    await expect(page.getByRole("form", { name: "Pin item 1" }).getByLabel("Time")).toHaveValue("14:10");

    const swap = page.getByRole("form", { name: "Swap item 3" });
    await swap.getByLabel("Swap with").selectOption("1");
    await swap.getByRole("button", { name: "Swap" }).click();
    await expect(page.getByRole("status")).toContainText("The two items have swapped times.");
    const swapped = page.getByRole("table", { name: /2017-10-26/ }).getByRole("row");
    await expect(swapped.nth(1)).toContainText(`1. ${TITLES[0]}`);
    await expect(swapped.nth(1)).toContainText("(pinned)");
    await expect(swapped.nth(3)).toContainText(`3. ${TITLES[2]}`);

    await page.getByRole("button", { name: "Publish the agenda" }).click();
    await expect(page.getByRole("status")).toContainText("The agenda is published");

    // An attendee reads it on the summit page and downloads it.
    await visit(pages.ada, `/summits/${summit.slug}`);
    await expect(pages.ada.getByRole("heading", { name: "Agenda", exact: true })).toBeVisible();
    const published = pages.ada.getByRole("table", { name: /2017-10-26/ }).getByRole("row");
    await expect(published.nth(1)).toContainText(`1. ${TITLES[0]}`);
    await expect(pages.ada.getByText(`2. ${TITLES[1]}`)).toBeVisible();
    const link = pages.ada.getByRole("link", { name: /calendar file/ });
    const response = await pages.ada.request.get(`${origin}${await link.getAttribute("href")}`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/calendar");
    const events = new ICAL.Component(ICAL.parse(await response.text()))
      .getAllSubcomponents("vevent")
      .map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.summary)).toEqual([`1. ${TITLES[0]}`, `3. ${TITLES[2]}`]);
    await close();
  });
});
