import { expect, test } from "./fixtures";

// playwright.config.ts starts the loopback OpenID Connect provider (test/oauth/serve.ts) and names
// it "Test IdP"; it approves at once as oidc.person@example.com, a verified address.
test("Continue with the OIDC provider signs in through it and lands where ?next= pointed", async ({
  page,
}) => {
  await page.goto("/sign-in?next=%2Ftodos%3Ffilter%3Dactive");
  await page.getByRole("button", { name: "Continue with Test IdP" }).click();
  await expect(page).toHaveURL(/\/todos\?filter=active$/);
  await expect(page.locator(".new-todo")).toBeVisible();

  await page.goto("/settings/security");
  await expect(page.getByText("Signed in with Test IdP").first()).toBeVisible();
});

test("the sign-up page offers the same provider, and the buttons work without JavaScript", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/sign-up");
  await page.getByRole("button", { name: "Continue with Test IdP" }).click();
  await expect(page).toHaveURL(/\/todos$/);
  await context.close();
});

test("an off-site ?next= is not followed after a provider sign-in", async ({ page }) => {
  await page.goto("/sign-in?next=https%3A%2F%2Fevil.example%2Fsteal");
  await page.getByRole("button", { name: "Continue with Test IdP" }).click();
  await expect(page).toHaveURL(/localhost:\d+\/todos$/);
});
