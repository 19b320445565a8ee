// Every form must work through the server alone: the same flows with scripts off.
import { expect, expectNoA11yViolations, sessionCookie, test, uniqueEmail, visit } from "./fixtures";

test.use({ javaScriptEnabled: false });

test.describe("without JavaScript", () => {
  test("requesting a link, signing in with it, and editing the display name all work", async ({
    page,
    readLatestMail,
  }) => {
    const email = uniqueEmail("nojs");
    await visit(page, "/login");
    await page.getByLabel("Email address").fill(email);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect(page).toHaveURL(/\/login\?sent=1$/);
    await expect(page.getByRole("status")).toContainText("Check your email");
    await expectNoA11yViolations(page);

    const link = (await readLatestMail(email)).links.find((l) => l.includes("/login/verify?token="));
    expect(link).toBeTruthy();
    await visit(page, link!);
    await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("banner").getByRole("button", { name: "Sign out" })).toBeVisible();
    expect(await sessionCookie(page)).not.toBeNull();

    await visit(page, "/profile");
    const name = page.getByRole("textbox", { name: "Display name" });
    await name.fill("Ada Lovelace");
    await page.getByRole("button", { name: "Save display name" }).click();
    await expect(page).toHaveURL(/\/profile\?saved=1$/);
    await expect(page.getByRole("status")).toContainText("Your display name has been saved.");
    await expect(page.getByRole("textbox", { name: "Display name" })).toHaveValue("Ada Lovelace");
    await expect(page.getByRole("banner").getByRole("link", { name: "Ada Lovelace" })).toBeVisible();
    await expectNoA11yViolations(page);
  });

  test("a blank display name is refused by the server beside the field, and nothing changes", async ({
    page,
    signInAs,
  }) => {
    await signInAs(page, uniqueEmail("blank"), { displayName: "Grace Hopper" });
    await visit(page, "/profile");
    await page.getByRole("textbox", { name: "Display name" }).fill("   ");
    await page.getByRole("button", { name: "Save display name" }).click();

    const field = page.getByRole("textbox", { name: "Display name" });
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator(".field-error")).toHaveText("Enter the name other people see.");
    await expectNoA11yViolations(page);

    await visit(page, "/profile");
    await expect(page.getByRole("textbox", { name: "Display name" })).toHaveValue("Grace Hopper");
  });

  test("a malformed address is refused by the server beside the field", async ({ page }) => {
    await visit(page, "/login");
    await page.getByLabel("Email address").fill("not-an-address");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    const field = page.getByLabel("Email address");
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveValue("not-an-address");
    await expect(page.locator(".field-error")).not.toBeEmpty();
    await expectNoA11yViolations(page);
    expect(await sessionCookie(page)).toBeNull();
  });

  test("signing out is a plain form post", async ({ page, signInAs }) => {
    await signInAs(page, uniqueEmail("signout"));
    await visit(page, "/profile");
    await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
    expect(await sessionCookie(page)).toBeNull();
    const response = await page.goto("/profile");
    expect(new URL(response!.url()).pathname).toBe("/login");
  });
});
