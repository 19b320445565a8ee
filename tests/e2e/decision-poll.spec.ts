// A decision poll from both sides, with JavaScript off and on: the organizer
// opens it from the item page, a block without a reason is refused with what
// was chosen kept, a block with its reason and an agreement are given and
// changed, nothing but the turnout shows before the close, then the result
// with the reason and who answered what, and the tentative decision recorded.
import { expect, expectNoA11yViolations, test, visit } from "./fixtures";
import { summitToVoteOn, TITLES } from "./voting-summit";

const REASON = "It breaks every management tool that follows the documented policy.";

for (const javaScriptEnabled of [false, true]) {
  test.describe(`a decision poll with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("open it, refuse a block without a reason, answer and change, close, read the result, record the decision", async ({
      browser,
      origin,
      testData,
      signInAs,
    }) => {
      test.slow();
      const { summit, pages, close, people } = await summitToVoteOn({
        browser,
        origin,
        testData,
        signInAs,
        javaScriptEnabled,
      });
      const organizer = pages.organizer;
      await visit(organizer, `/summits/${summit.slug}/items/1`);
      await organizer.getByRole("link", { name: "Decision poll on this item" }).click();
      await expect(organizer.getByRole("heading", { name: `Poll on item 1: ${TITLES[0]}` })).toBeVisible();
      await expect(organizer.getByText("No poll has been opened on this item.")).toBeVisible();
      await expect(organizer.getByLabel("The proposal put to the poll")).toHaveValue(
        `Decide on ${TITLES[0]!.toLowerCase()}.`,
      );
      await organizer.getByLabel("The proposal put to the poll").fill("Agree that the wiki moves to the new host.");
      await organizer.getByRole("button", { name: "Open the poll" }).click();
      await expect(organizer.getByRole("status").filter({ hasText: "The poll is open" })).toBeVisible();
      await expect(organizer.getByText("0 of 2 answered.")).toBeVisible();

      const poll = `/summits/${summit.slug}/items/1/poll`;
      const ada = pages.ada;
      await visit(ada, poll);
      await expect(ada.getByText("Agree that the wiki moves to the new host.")).toBeVisible();
      if (javaScriptEnabled) await expectNoA11yViolations(ada);
      await ada.getByLabel("Block", { exact: true }).check();
      await ada.getByRole("button", { name: "Answer" }).click();
      await expect(ada.getByRole("alert")).toContainText(
        "A block stops consensus, so it must say why: give your reason.",
      );
      await expect(ada.getByLabel("Block", { exact: true })).toBeChecked();
      await ada.getByLabel(/^Reason/).fill(REASON);
      await ada.getByRole("button", { name: "Answer" }).click();
      await expect(ada.getByRole("status")).toContainText("Your answer is recorded.");
      await expect(ada.getByLabel("Block", { exact: true })).toBeChecked();
      await expect(ada.getByLabel(/^Reason/)).toHaveValue(REASON);

      const bert = pages.bert;
      await visit(bert, poll);
      await bert.getByLabel("Disagree", { exact: true }).check();
      await bert.getByRole("button", { name: "Answer" }).click();
      await expect(bert.getByRole("status")).toContainText("Your answer is recorded.");
      await bert.getByLabel("Agree", { exact: true }).check();
      await bert.getByRole("button", { name: "Change my answer" }).click();
      await expect(bert.getByLabel("Agree", { exact: true })).toBeChecked();
      // Before the close an attendee sees the turnout and nothing of the count.
      await expect(bert.getByText("2 of 2 answered.")).toBeVisible();
      await expect(bert.getByRole("heading", { name: "Result", exact: true })).toHaveCount(0);
      await expect(bert.getByText(REASON)).toHaveCount(0);

      await visit(organizer, poll);
      await expect(organizer.getByRole("heading", { name: /Running count/ })).toBeVisible();
      await organizer.getByRole("button", { name: "Close the poll now" }).click();
      await expect(organizer.getByRole("status").filter({ hasText: "The poll is closed" })).toBeVisible();
      const decision = organizer.getByLabel("The decision");
      await expect(decision).toHaveValue(
        `Blocked (poll: 1 agree, 0 abstain, 0 disagree, 1 block): Agree that the wiki moves to the new host. Blocked: ${people.ada.name}: ${REASON}`,
      );
      await decision.fill(`Not agreed: ${people.ada.name} blocked, as the tools need the full period.`);
      await organizer.getByRole("button", { name: "Record the decision" }).click();
      await expect(organizer.getByRole("status").filter({ hasText: "tentative decision" })).toBeVisible();

      await visit(bert, poll);
      if (javaScriptEnabled) await expectNoA11yViolations(bert);
      const result = bert.getByRole("region", { name: "Result" });
      await expect(result).toContainText("Blocked: 1 agree, 0 abstain, 0 disagree, 1 block.");
      await expect(result.getByRole("listitem").filter({ hasText: REASON })).toContainText(
        `Block (${people.ada.name})`,
      );
      await expect(result).toContainText(`${people.bert.name}: Agree`);
      await expect(bert.getByRole("region", { name: "Tentative decision" })).toContainText(
        `Not agreed: ${people.ada.name} blocked`,
      );
      // No more answers once it is closed.
      await expect(bert.getByRole("button", { name: /answer/i })).toHaveCount(0);
      await close();
    });
  });
}
