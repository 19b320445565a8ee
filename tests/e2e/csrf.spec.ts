// R6: a page on another origin of the same site (127.0.0.1, another port) makes a
// signed-in browser post forms to Summit. The browser sends the session cookie
// (SameSite=Lax allows it within a site), so only the origin gate stands between
// the attacker and the change: every attempt must be refused and change nothing.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, uniqueEmail, visit } from "./fixtures";

interface AttackerSite {
  origin: string;
  close(): Promise<void>;
}

/** Serves one page per path: an HTML form posting `fields` to `action`, submitted as soon as it loads. */
async function startAttackerSite(
  pages: Record<string, { action: string; fields: Record<string, string> }>,
): Promise<AttackerSite> {
  const escape = (value: string) => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  const server: Server = createServer((req, res) => {
    const page = pages[req.url ?? ""];
    if (!page) {
      res.writeHead(404).end();
      return;
    }
    const inputs = Object.entries(page.fields)
      .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
      .join("");
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(
      `<!doctype html><html lang="en"><title>You won a prize</title>` +
        `<form method="post" action="${escape(page.action)}">${inputs}</form>` +
        `<script>document.forms[0].submit()</script></html>`,
    );
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

test.describe("cross-origin form posts (CSRF)", () => {
  let attacker: AttackerSite;

  test.beforeEach(async ({ origin }) => {
    attacker = await startAttackerSite({
      "/rename": {
        action: `${origin}/profile`,
        fields: { intent: "update-display-name", displayName: "Owned by attacker" },
      },
      "/logout": { action: `${origin}/logout`, fields: {} },
      "/everywhere": { action: `${origin}/profile`, fields: { intent: "sign-out-everywhere" } },
    });
    expect(new URL(attacker.origin).hostname, "same site, other origin").toBe(new URL(origin).hostname);
  });

  test.afterEach(async () => {
    await attacker.close();
  });

  for (const [path, what] of [
    ["/rename", "changing the display name"],
    ["/logout", "signing out"],
    ["/everywhere", "signing out everywhere"],
  ] as const) {
    test(`an attacker page ${what} is refused and changes nothing`, async ({ page, signInAs, origin }) => {
      await signInAs(page, uniqueEmail("victim"), { displayName: "Victor Victim" });

      const refused = page.waitForResponse((r) => r.url().startsWith(origin) && r.request().method() === "POST");
      await page.goto(`${attacker.origin}${path}`);
      const response = await refused;
      expect(response.status()).toBe(403);
      expect(await response.text()).toContain("did not come from a Summit page");

      // Still signed in, under the same name.
      const profile = await visit(page, "/profile");
      expect(profile.status()).toBe(200);
      await expect(page.getByRole("textbox", { name: "Display name" })).toHaveValue("Victor Victim");
      await expect(page.getByRole("banner").getByRole("link", { name: "Victor Victim" })).toBeVisible();
    });
  }

  test("the same form posted from Summit's own origin goes through", async ({ page, signInAs, origin }) => {
    // The control: the refusal above is about the origin, not about the form.
    await signInAs(page, uniqueEmail("control"), { displayName: "Victor Victim" });
    const response = await page.request.post(`${origin}/profile`, {
      form: { intent: "update-display-name", displayName: "Renamed by me" },
      headers: { Origin: origin },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(302);
    await visit(page, "/profile");
    await expect(page.getByRole("textbox", { name: "Display name" })).toHaveValue("Renamed by me");
  });
});
