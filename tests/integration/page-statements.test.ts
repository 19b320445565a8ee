import { beforeAll, expect, it } from "vitest";
import { countingContext } from "../helpers/factories/agenda";
import {
  buildFixture,
  callRoute,
  getRequest,
  importRoute,
  type Fixture,
  type RouteModule,
} from "../helpers/route-harness";
import { describeEachDatabase } from "../helpers/test-db";

/**
 * The statements one signed-in page costs, as the server serves it: the root
 * loader, the summit layout and the page share one context, so the session,
 * the user, the summit and the viewer's standing are read once, together.
 */
describeEachDatabase("statements per page", (use) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await buildFixture(use().db);
  });

  async function statementsOf(path: string, routes: string[], as: "attendee" | "organizer" | "visitor", params = {}) {
    const measured = await countingContext(use(), as === "visitor" ? null : f.users[as], path);
    const results = await Promise.all(
      routes.map(async (stem) =>
        callRoute(
          stem === "root" ? ((await import("../../app/root")) as RouteModule) : await importRoute(stem),
          "loader",
          {
            request: getRequest(path),
            params: { slug: f.own.slug, ...params },
            context: measured.context,
          },
        ),
      ),
    );
    for (const [i, result] of results.entries()) expect(result.status, `${routes[i]} ${result.body}`).toBe(200);
    return measured.count();
  }

  const layout = ["root", "summits.$slug"];

  it("the sign-in page and the list of summits read nothing for a visitor, the list its summits only", async () => {
    expect(await statementsOf("/login", ["root", "login"], "visitor")).toBe(0);
    expect(await statementsOf("/", ["root", "_index"], "visitor")).toBe(1);
  });

  it("a visitor's summit page reads the summit once, with the people who run it", async () => {
    expect(await statementsOf(`/summits/${f.own.slug}`, layout, "visitor")).toBe(2);
  });

  it("the summit page reads the viewer once, with the summit, and the people who run it", async () => {
    expect(await statementsOf(`/summits/${f.own.slug}`, layout, "attendee")).toBe(2);
  });

  it("the item list reads the viewer once, then its page of items with their names and the counts", async () => {
    expect(
      await statementsOf(`/summits/${f.own.slug}/items`, [...layout, "summits.$slug.items._index"], "attendee"),
    ).toBe(2);
  });

  it("the item page reads the viewer once and the item with its history", async () => {
    const count = await statementsOf(
      `/summits/${f.own.slug}/items/2`,
      [...layout, "summits.$slug.items.$number"],
      "attendee",
      { number: "2" },
    );
    expect(count).toBe(3);
  });

  it("the triage page reads the viewer once and its page of items with the counts", async () => {
    const count = await statementsOf(`/summits/${f.own.slug}/triage`, [...layout, "summits.$slug.triage"], "organizer");
    expect(count).toBe(2);
  });

  it("the vote page reads the viewer once, then the vote with its ballot paper, turnout and the viewer's ballot", async () => {
    const count = await statementsOf(`/summits/${f.own.slug}/vote`, [...layout, "summits.$slug.vote"], "attendee");
    expect(count).toBe(2);
  });
});
