// Voting from both sides: the organizer sets up, opens and closes the vote;
// attendees cast and change ballots, with JavaScript and without; those not on
// the roll and ballots that break the rules are refused with the reason.
import { expect, expectNoA11yViolations, newContextFor, test, visit } from "./fixtures";
import { person, summitToVoteOn, TITLES } from "./voting-summit";

test.describe("voting without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("ranked ballots: open, cast, change, refuse someone not on the roll, close, read the result", async ({
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
    const vote = `/summits/${summit.slug}/vote`;
    const voting = `/summits/${summit.slug}/voting`;

    // Nothing to cast before the open: the page says so.
    await visit(pages.ada, vote);
    await expect(pages.ada.getByText("Voting has not opened yet.")).toBeVisible();
    await expect(pages.ada.getByRole("button", { name: "Cast this ballot" })).toHaveCount(0);

    await visit(pages.organizer, voting);
    await expect(pages.organizer.getByText("Not open yet; 3 accepted items would be on the ballot.")).toBeVisible();
    await pages.organizer.getByRole("button", { name: "Open voting" }).click();
    await expect(pages.organizer.getByRole("status")).toContainText("Voting is open");
    await expect(pages.organizer.getByText("Open: 0 of 2 voted.")).toBeVisible();

    // Someone who became an attendee after the open is not on the roll.
    const late = await person(testData, "Late Comer");
    await testData.addAttendee({ slug: summit.slug, email: late.email });
    const latePage = await (await newContextFor(browser, origin, false)).newPage();
    await signInAs(latePage, late.email);
    await visit(latePage, vote);
    await expect(latePage.getByText("You are not on this vote's roll")).toBeVisible();
    await expect(latePage.getByRole("button", { name: "Cast this ballot" })).toHaveCount(0);
    const refused = await latePage.request.post(`${origin}${vote}`, {
      form: { intent: "cast", "rank-1": "1" },
      headers: { Origin: origin },
      maxRedirects: 0,
    });
    expect(refused.status()).toBe(403);
    await latePage.context().close();

    // Ada ranks 3 first, then 1; then changes her mind.
    await visit(pages.ada, vote);
    await pages.ada.getByLabel(`3. ${TITLES[2]} (30 min)`).selectOption("1");
    await pages.ada.getByLabel(`1. ${TITLES[0]} (30 min)`).selectOption("2");
    await pages.ada.getByRole("button", { name: "Cast this ballot" }).click();
    await expect(pages.ada.getByRole("status")).toContainText(
      "Your ballot is cast. You can change it until voting closes.",
    );
    await expect(pages.ada.getByText("1 of 2 voted.")).toBeVisible();
    await expect(pages.ada.getByLabel(`3. ${TITLES[2]} (30 min)`)).toHaveValue("1");
    await pages.ada.getByLabel(`2. ${TITLES[1]} (30 min)`).selectOption("1");
    await pages.ada.getByLabel(`3. ${TITLES[2]} (30 min)`).selectOption("2");
    await pages.ada.getByLabel(`1. ${TITLES[0]} (30 min)`).selectOption("");
    await pages.ada.getByRole("button", { name: "Cast this ballot" }).click();
    await expect(pages.ada.getByText("1 of 2 voted.")).toBeVisible();
    await expect(pages.ada.getByLabel(`2. ${TITLES[1]} (30 min)`)).toHaveValue("1");
    // Attendees see no tally before the close.
    await expect(pages.ada.getByRole("table", { name: "Ranking" })).toHaveCount(0);

    await visit(pages.bert, vote);
    await pages.bert.getByLabel(`2. ${TITLES[1]} (30 min)`).selectOption("1");
    await pages.bert.getByRole("button", { name: "Cast this ballot" }).click();
    await expect(pages.bert.getByText("2 of 2 voted.")).toBeVisible();

    // The organizers see the running tally; then close.
    await visit(pages.organizer, vote);
    await expect(pages.organizer.getByRole("heading", { name: /^Running tally/ })).toBeVisible();
    await visit(pages.organizer, voting);
    await pages.organizer.getByRole("button", { name: "Close voting now" }).click();
    await expect(pages.organizer.getByRole("status")).toContainText("Voting is closed");

    // After the close: the ranking for everyone, no ballot form, and a late ballot refused.
    await visit(pages.ada, vote);
    await expect(pages.ada.getByText("2 of 2 voted. Voting is closed.")).toBeVisible();
    const ranking = pages.ada.getByRole("table", { name: "Ranking" }).getByRole("row");
    await expect(ranking.nth(1)).toContainText(`2. ${TITLES[1]}`);
    await expect(ranking.nth(2)).toContainText(`3. ${TITLES[2]}`);
    await expect(pages.ada.getByRole("table", { name: /^Strongest paths/ })).toBeVisible();
    await expect(pages.ada.getByRole("button", { name: "Cast this ballot" })).toHaveCount(0);
    const after = await pages.ada.request.post(`${origin}${vote}`, {
      form: { intent: "cast", "rank-1": "1" },
      headers: { Origin: origin },
      maxRedirects: 0,
    });
    expect(after.status()).toBe(409);
    expect(await after.text()).toContain("poll closed");
    await close();
  });
});

for (const javaScriptEnabled of [false, true]) {
  test.describe(`approval voting with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("approval ballot: too many approvals refused with the ticks kept, cast, changed, counted", async ({
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
        javaScriptEnabled,
      });
      const vote = `/summits/${summit.slug}/vote`;
      await visit(pages.organizer, `/summits/${summit.slug}/voting`);
      await pages.organizer.getByLabel("Method").selectOption("approval");
      await pages.organizer.getByLabel("Approval: how many items each voter may tick (K)").fill("1");
      await pages.organizer.getByRole("button", { name: "Save the set-up" }).click();
      await expect(pages.organizer.getByRole("status")).toContainText("The vote is set up.");
      await pages.organizer.getByRole("button", { name: "Open voting" }).click();
      await expect(pages.organizer.getByRole("status")).toContainText("Voting is open");

      const ada = pages.ada;
      await visit(ada, vote);
      await ada.getByLabel(`1. ${TITLES[0]} (30 min)`).check();
      await ada.getByLabel(`3. ${TITLES[2]} (30 min)`).check();
      await ada.getByRole("button", { name: "Cast this ballot" }).click();
      await expect(ada.getByRole("alert")).toContainText("You approved 2 items; this vote allows at most 1 approval.");
      await expect(ada.getByLabel(`1. ${TITLES[0]} (30 min)`)).toBeChecked();
      await expect(ada.getByLabel(`3. ${TITLES[2]} (30 min)`)).toBeChecked();
      await expect(ada.getByText("0 of 2 voted.")).toBeVisible();
      await ada.getByLabel(`1. ${TITLES[0]} (30 min)`).uncheck();
      await ada.getByRole("button", { name: "Cast this ballot" }).click();
      await expect(ada.getByRole("status")).toContainText("Your ballot is cast.");
      await expect(ada.getByLabel(`3. ${TITLES[2]} (30 min)`)).toBeChecked();
      // She changes her mind: item 2 instead.
      await ada.getByLabel(`3. ${TITLES[2]} (30 min)`).uncheck();
      await ada.getByLabel(`2. ${TITLES[1]} (30 min)`).check();
      await ada.getByRole("button", { name: "Cast this ballot" }).click();
      await expect(ada.getByText("1 of 2 voted.")).toBeVisible();
      await expect(ada.getByLabel(`2. ${TITLES[1]} (30 min)`)).toBeChecked();
      await expect(ada.getByLabel(`3. ${TITLES[2]} (30 min)`)).not.toBeChecked();

      await visit(pages.bert, vote);
      await pages.bert.getByLabel(`2. ${TITLES[1]} (30 min)`).check();
      await pages.bert.getByRole("button", { name: "Cast this ballot" }).click();
      await expect(pages.bert.getByText("2 of 2 voted.")).toBeVisible();

      await visit(pages.organizer, `/summits/${summit.slug}/voting`);
      await pages.organizer.getByRole("button", { name: "Close voting now" }).click();
      await visit(ada, vote);
      const ranking = ada.getByRole("table", { name: "Ranking" }).getByRole("row");
      await expect(ranking.nth(1)).toContainText(`2. ${TITLES[1]}`);
      await expect(ranking.nth(1)).toContainText("2");
      await close();
    });
  });
}

test.describe("dot voting without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("dot voting without JavaScript: an over-budget ballot refused with what was typed kept, then cast and changed", async ({
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
    const vote = `/summits/${summit.slug}/vote`;
    await visit(pages.organizer, `/summits/${summit.slug}/voting`);
    await pages.organizer.getByLabel("Method").selectOption("dots");
    await pages.organizer.getByLabel("Dot voting: points each voter has (B)").fill("5");
    await pages.organizer.getByLabel("Dot voting: the most points on one item (M)").fill("3");
    await pages.organizer.getByRole("button", { name: "Save the set-up" }).click();
    await expect(pages.organizer.getByRole("status")).toContainText("The vote is set up.");
    await pages.organizer.getByRole("button", { name: "Open voting" }).click();
    await expect(pages.organizer.getByRole("status")).toContainText("Voting is open");

    await visit(pages.ada, vote);
    await pages.ada.getByLabel(`1. ${TITLES[0]} (30 min)`).fill("3");
    await pages.ada.getByLabel(`2. ${TITLES[1]} (30 min)`).fill("3");
    await pages.ada.getByRole("button", { name: "Cast this ballot" }).click();
    await expect(pages.ada.getByRole("alert")).toContainText("You gave 6 points in all; you have 5 points.");
    await expect(pages.ada.getByLabel(`2. ${TITLES[1]} (30 min)`)).toHaveValue("3");
    await expect(pages.ada.getByText("0 of 2 voted.")).toBeVisible();

    await pages.ada.getByLabel(`2. ${TITLES[1]} (30 min)`).fill("2");
    await pages.ada.getByRole("button", { name: "Cast this ballot" }).click();
    await expect(pages.ada.getByRole("status")).toContainText("Your ballot is cast.");
    await expect(pages.ada.getByText("1 of 2 voted.")).toBeVisible();
    await expect(pages.ada.getByLabel(`1. ${TITLES[0]} (30 min)`)).toHaveValue("3");
    // She moves her points: the ballot is replaced whole.
    await pages.ada.getByLabel(`1. ${TITLES[0]} (30 min)`).fill("");
    await pages.ada.getByLabel(`3. ${TITLES[2]} (30 min)`).fill("3");
    await pages.ada.getByRole("button", { name: "Cast this ballot" }).click();
    await expect(pages.ada.getByText("1 of 2 voted.")).toBeVisible();
    await expect(pages.ada.getByLabel(`1. ${TITLES[0]} (30 min)`)).toHaveValue("");
    await expect(pages.ada.getByLabel(`3. ${TITLES[2]} (30 min)`)).toHaveValue("3");
    await close();
  });
});

test.describe("voting with JavaScript", () => {
  test("ranked ballot: put in order with the keyboard alone through the Up and Down buttons", async ({
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
      javaScriptEnabled: true,
    });
    await visit(pages.organizer, `/summits/${summit.slug}/voting`);
    await pages.organizer.getByRole("button", { name: "Open voting" }).click();
    await expect(pages.organizer.getByRole("status")).toContainText("Voting is open");

    const ada = pages.ada;
    await visit(ada, `/summits/${summit.slug}/vote`);
    const press = async (name: string) => {
      await ada.getByRole("button", { name, exact: true }).focus();
      await ada.keyboard.press("Enter");
    };
    // Rank 3, then 1, then 2; then move 2 up past 1.
    await press(`Rank next: 3. ${TITLES[2]}`);
    await press(`Rank next: 1. ${TITLES[0]}`);
    await press(`Rank next: 2. ${TITLES[1]}`);
    await press(`Up: 2. ${TITLES[1]}`);
    await expect(ada.getByLabel(`3. ${TITLES[2]} (30 min)`)).toHaveValue("1");
    await expect(ada.getByLabel(`2. ${TITLES[1]} (30 min)`)).toHaveValue("2");
    await expect(ada.getByLabel(`1. ${TITLES[0]} (30 min)`)).toHaveValue("3");
    await expect(ada.locator("[aria-live=polite]")).toHaveText(`${TITLES[1]}: rank 2.`);
    await press(`Down: 3. ${TITLES[2]}`);
    await expect(ada.getByLabel(`2. ${TITLES[1]} (30 min)`)).toHaveValue("1");
    await expectNoA11yViolations(ada);
    await ada.getByRole("button", { name: "Cast this ballot" }).click();
    await expect(ada.getByRole("status")).toContainText("Your ballot is cast.");
    // The page reads back the ballot as stored.
    await expect(ada.getByLabel(`2. ${TITLES[1]} (30 min)`)).toHaveValue("1");
    await expect(ada.getByLabel(`3. ${TITLES[2]} (30 min)`)).toHaveValue("2");
    await expect(ada.getByLabel(`1. ${TITLES[0]} (30 min)`)).toHaveValue("3");
    // She changes it: item 2 down one place, and casts again.
    await press(`Down: 2. ${TITLES[1]}`);
    await ada.getByRole("button", { name: "Cast this ballot" }).click();
    await expect(ada.getByLabel(`3. ${TITLES[2]} (30 min)`)).toHaveValue("1");
    await expect(ada.getByLabel(`2. ${TITLES[1]} (30 min)`)).toHaveValue("2");
    await expect(ada.getByLabel(`1. ${TITLES[0]} (30 min)`)).toHaveValue("3");
    await close();
  });

  test("dot voting: points left as you type, an over-budget ballot refused with what was typed kept", async ({
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
      javaScriptEnabled: true,
    });
    const vote = `/summits/${summit.slug}/vote`;
    await visit(pages.organizer, `/summits/${summit.slug}/voting`);
    await pages.organizer.getByLabel("Method").selectOption("dots");
    await pages.organizer.getByLabel("Dot voting: points each voter has (B)").fill("5");
    await pages.organizer.getByLabel("Dot voting: the most points on one item (M)").fill("3");
    await pages.organizer.getByRole("button", { name: "Save the set-up" }).click();
    await expect(pages.organizer.getByRole("status")).toContainText("The vote is set up.");
    await expectNoA11yViolations(pages.organizer);
    await pages.organizer.getByRole("button", { name: "Open voting" }).click();
    await expect(pages.organizer.getByRole("status")).toContainText("Voting is open");

    await visit(pages.ada, vote);
    await expect(pages.ada.getByText("5 of 5 points left.")).toBeVisible();
    await pages.ada.getByLabel(`1. ${TITLES[0]} (30 min)`).fill("3");
    await expect(pages.ada.getByText("2 of 5 points left.")).toBeVisible();
    await pages.ada.getByLabel(`2. ${TITLES[1]} (30 min)`).fill("3");
    await expect(pages.ada.getByText("1 point over your 5.")).toBeVisible();
    await expectNoA11yViolations(pages.ada);
    await pages.ada.getByRole("button", { name: "Cast this ballot" }).click();
    await expect(pages.ada.getByRole("alert")).toContainText("You gave 6 points in all; you have 5 points.");
    await expect(pages.ada.getByLabel(`2. ${TITLES[1]} (30 min)`)).toHaveValue("3");
    await expect(pages.ada.getByText("0 of 2 voted.")).toBeVisible();

    await pages.ada.getByLabel(`2. ${TITLES[1]} (30 min)`).fill("2");
    await pages.ada.getByRole("button", { name: "Cast this ballot" }).click();
    await expect(pages.ada.getByRole("status")).toContainText("Your ballot is cast.");
    await expect(pages.ada.getByText("1 of 2 voted.")).toBeVisible();
    await expect(pages.ada.getByLabel(`1. ${TITLES[0]} (30 min)`)).toHaveValue("3");
    await close();
  });
});
