// A summit in its voting phase for the browser tests of the vote and the day:
// three accepted items, an organizer and two attendees, each signed in on a
// page of their own.
import type { Browser, Page } from "@playwright/test";
import { expect, newContextFor, uniqueEmail, type SignInAs, type TestData, type TestSummit } from "./fixtures";

export interface Person {
  email: string;
  name: string;
}

export const TITLES = ["Hosting: moving the wiki", "Release process and freezes", "CVE handling"];

export async function postForm(
  page: Page,
  origin: string,
  path: string,
  form: Record<string, string>,
): Promise<string> {
  const response = await page.request.post(`${origin}${path}`, { form, headers: { Origin: origin }, maxRedirects: 0 });
  expect(response.status(), `${path}: ${await response.text()}`).toBe(302);
  return response.headers()["location"] ?? "";
}

export async function person(testData: TestData, name: string): Promise<Person> {
  const email = uniqueEmail(name.split(" ")[0]!.toLowerCase());
  await testData.createUser({ email, displayName: name });
  return { email, name };
}

/**
 * A summit in its voting phase with three accepted items, an organizer and
 * two attendees, each signed in on a page of their own.
 */
export async function summitToVoteOn(args: {
  browser: Browser;
  origin: string;
  testData: TestData;
  signInAs: SignInAs;
  javaScriptEnabled: boolean;
}) {
  const { browser, origin, testData, signInAs } = args;
  const summit: TestSummit = await testData.createSummit({ phase: "proposals" });
  const organizer = await person(testData, "Olga Organizer");
  await testData.grantRole({ slug: summit.slug, email: organizer.email, role: "organizer" });
  const ada = await person(testData, "Ada Attendee");
  const bert = await person(testData, "Bert Attendee");
  for (const p of [ada, bert]) await testData.addAttendee({ slug: summit.slug, email: p.email });
  const pageOf = async (p: Person) => {
    const context = await newContextFor(browser, origin, args.javaScriptEnabled);
    const page = await context.newPage();
    await signInAs(page, p.email);
    return page;
  };
  const pages = { organizer: await pageOf(organizer), ada: await pageOf(ada), bert: await pageOf(bert) };
  for (const title of TITLES) {
    const location = await postForm(pages.ada, origin, `/summits/${summit.slug}/items/new`, {
      intent: "submit",
      title,
      outcomeKind: "decision",
      desiredOutcome: `Decide on ${title.toLowerCase()}.`,
      background: "",
      minutesNeeded: "30",
      leadId: "",
      links: "",
    });
    const number = /\/items\/(\d+)\?/.exec(location)![1]!;
    await postForm(pages.organizer, origin, `/summits/${summit.slug}/triage`, { intent: "accept", number });
  }
  await testData.setSummit({ slug: summit.slug, phase: "voting" });
  const close = async () => {
    for (const page of Object.values(pages)) await page.context().close();
  };
  return { summit, pages, close, people: { organizer, ada, bert } };
}
