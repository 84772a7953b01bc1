import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import * as OTPAuth from "otpauth";
import { freshCode } from "../test/totp";
import { expect, test } from "./fixtures";
import { followEmailLink, PASSWORD, signIn, signUpAndVerify, uniqueEmail } from "./helpers";

/** Chromium's virtual authenticator (CDP): a platform passkey provider that always verifies the user. */
async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    credentials: async () =>
      (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials,
  };
}

async function signOut(page: Page) {
  await page.goto("/todos");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/($|sign-in)/);
}

test("a passkey is added, renamed, signs in (button and autofill) and is removed", async ({
  page,
}) => {
  const authenticator = await addVirtualAuthenticator(page);
  const email = uniqueEmail("passkey");
  await signUpAndVerify(page, email);

  // A sign-in a moment ago is the step-up: the page offers the change right away.
  await page.goto("/settings/security");
  await expect(page.getByRole("heading", { level: 1, name: "Security" })).toBeVisible();
  await page.getByLabel("Passkey name").fill("Laptop");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  const list = page.getByRole("list", { name: "Your passkeys" });
  await expect(list.getByLabel("Name of passkey Laptop")).toHaveValue("Laptop");
  await expect(list).toContainText("Last used never");
  expect(await authenticator.credentials()).toHaveLength(1);

  await list.getByLabel("Name of passkey Laptop").fill("Work laptop");
  await list.getByRole("button", { name: "Rename" }).click();
  await expect(list.getByLabel("Name of passkey Work laptop")).toHaveValue("Work laptop");

  await signOut(page);
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(/\/todos$/);
  await page.goto("/settings/security");
  await expect(list).not.toContainText("Last used never");

  // Autofill: the Email field offers the passkey; the virtual authenticator picks it at once.
  await signOut(page);
  await page.goto("/sign-in");
  await expect(page.getByLabel("Email")).toHaveAttribute("autocomplete", "username webauthn");
  await page.getByLabel("Email").focus();
  await expect(page).toHaveURL(/\/todos$/, { timeout: 15_000 });

  // The passkey sign-in is fresh: removing needs no further proof.
  await page.goto("/settings/security");
  await list.getByRole("button", { name: "Remove passkey Work laptop" }).click();
  await expect(page.getByText("No passkeys yet.")).toBeVisible();
  await followEmailLink(page, email, "Todos: a passkey was removed");
});

test("an authenticator app is set up with its QR code, asked for at sign-in, then turned off", async ({
  page,
}) => {
  const email = uniqueEmail("totp");
  await signUpAndVerify(page, email);
  await page.goto("/settings/security");
  await page.getByLabel("Confirm with your password").fill(PASSWORD);
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent()) ?? "";
  const app = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
  const codes = await page
    .getByRole("list", { name: "Backup codes" })
    .getByRole("listitem")
    .allTextContents();
  expect(codes).toHaveLength(10);
  await page.getByLabel("Code", { exact: true }).fill("000000");
  await page.getByRole("button", { name: "Turn on authenticator app" }).click();
  await expect(page.getByText("That code is not right")).toBeVisible();
  await page.getByLabel("Code", { exact: true }).fill(await freshCode(app));
  await page.getByRole("button", { name: "Turn on authenticator app" }).click();
  await expect(page.getByRole("button", { name: "Turn off authenticator app" })).toBeVisible();

  await signOut(page);
  await signIn(page, email);
  await expect(page).toHaveURL(/\/sign-in\/two-factor\?next=%2Ftodos$/);
  await page.goto("/todos");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Ftodos$/);
  await signIn(page, email);
  await page.getByLabel("Code", { exact: true }).fill(await freshCode(app));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/todos$/);

  await signOut(page);
  await signIn(page, email);
  await page.getByRole("link", { name: "Use a backup code" }).click();
  await page.getByLabel("Backup code").fill(codes[0] ?? "");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/todos$/);
  await followEmailLink(page, email, "Todos: a backup code was used");

  // A sign-in finished by a code is a proof beyond the password: the owner can turn the app off.
  await page.goto("/settings/security");
  await page.locator("#disable-authenticator-password").fill(PASSWORD);
  await page.getByRole("button", { name: "Turn off authenticator app" }).click();
  await expect(page.getByRole("button", { name: "Set up authenticator app" })).toBeVisible();
});

test("/settings/security has no axe violations; screenshots light and dark at 1280 and 360 px", async ({
  page,
}) => {
  await addVirtualAuthenticator(page);
  await signUpAndVerify(page, uniqueEmail("security-page"));
  await page.goto("/settings/security");
  await page.getByLabel("Passkey name").fill("Phone");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByLabel("Name of passkey Phone")).toBeVisible();
  const check = async (when: string) => {
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(
      violations.map((v) => `${when}: ${v.id} ${v.nodes.map((n) => n.target).join(" ")}`),
    ).toEqual([]);
  };
  await check("fresh");
  await page.getByLabel("Confirm with your password").fill(PASSWORD);
  await page.getByRole("button", { name: "Set up authenticator app" }).click();
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await check("enrolling");
  for (const scheme of ["light", "dark"] as const) {
    for (const width of [1280, 360]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 800 });
      await page.screenshot({
        path: `e2e-artifacts/security-${scheme}-${width}.png`,
        fullPage: true,
      });
    }
  }
  await check("dark");
});
