import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

// playwright.config.ts starts the loopback OpenID Connect provider "Test IdP" (test/oauth/serve.ts),
// which approves at once as oidc.person@example.com, a verified address.

async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

test("an account made with the provider keeps it until a passkey is there, then disconnects and connects it again", async ({
  page,
}) => {
  await addVirtualAuthenticator(page);
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Continue with Test IdP" }).click();
  await expect(page).toHaveURL(/\/todos$/);

  // Just signed in: that is the step-up, so the section offers the change at once.
  await page.goto("/settings/security");
  const section = page
    .getByRole("region", { name: "Connected accounts" })
    .or(
      page.locator("section", { has: page.getByRole("heading", { name: "Connected accounts" }) }),
    );
  await expect(section.getByText("Connected", { exact: true })).toBeVisible();
  const alreadyHasPasskey = await page.getByRole("list", { name: "Your passkeys" }).isVisible();
  if (!alreadyHasPasskey) {
    // The only way to sign in: refused, with the reason.
    await section.getByRole("button", { name: "Disconnect Test IdP" }).click();
    await expect(section.getByText(/only way left to sign in/)).toBeVisible();

    await page.getByLabel("Passkey name").fill("This laptop");
    await page.getByRole("button", { name: "Add a passkey" }).click();
    await expect(page.getByRole("list", { name: "Your passkeys" })).toBeVisible();
  }

  await section.getByRole("button", { name: "Disconnect Test IdP" }).click();
  await expect(section.getByRole("button", { name: "Connect Test IdP" })).toBeVisible();
  await expect(section.getByText("Not connected")).toBeVisible();

  await section.getByRole("button", { name: "Connect Test IdP" }).click();
  await expect(page).toHaveURL(/\/settings\/security\?connected=oidc$/);
  await expect(page.getByText("Test IdP is connected. You can sign in with it now.")).toBeVisible();
  await expect(section.getByRole("button", { name: "Disconnect Test IdP" })).toBeVisible();

  // Both changes are in the log and the mailbox.
  await expect(page.getByText("Test IdP account").first()).toBeVisible();
  await page.goto(`/dev/mailbox?to=${encodeURIComponent("oidc.person@example.com")}`);
  await expect(page.getByRole("article", { name: /Test IdP was connected/ }).first()).toBeVisible();
  await expect(
    page.getByRole("article", { name: /Test IdP was disconnected/ }).first(),
  ).toBeVisible();
});

test("the settings of an account made with the provider ask for no password it does not have", async ({
  page,
}) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Continue with Test IdP" }).click();
  await expect(page).toHaveURL(/\/todos$/);
  await page.goto("/settings");
  await expect(page.getByLabel("Current password")).toHaveCount(0);
  await expect(page.getByLabel("Confirm with your password")).toHaveCount(0);
  await page.getByRole("button", { name: "Email me a link to add a password" }).click();
  await expect(page.getByText(/a link to choose a password/)).toBeVisible();
  await expect(
    page.getByRole("button", { name: "Email me a link to delete my account" }),
  ).toBeVisible();
});
