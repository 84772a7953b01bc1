import { expect, test } from "./fixtures";
import { PASSWORD, signIn, signUpAndVerify, uniqueEmail } from "./helpers";

const ATTACKER_IP = "203.0.113.45";

test("a failed attempt from another browser shows in Recent activity with its IP, to the owner only", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("activity");
  await signUpAndVerify(page, email);

  const attacker = await browser.newContext({ extraHTTPHeaders: { "x-real-ip": ATTACKER_IP } });
  const attackerPage = await attacker.newPage();
  await signIn(attackerPage, email, "not the owner's password");
  await expect(attackerPage.getByText(/incorrect|wrong|check/i).first()).toBeVisible();
  // The person trying sees nothing of the account's log.
  await attackerPage.goto("/settings/security");
  await expect(attackerPage).toHaveURL(/\/sign-in/);
  await attacker.close();

  await page.goto("/settings/security");
  const activity = page.getByRole("region", { name: "Recent activity" });
  const failed = activity.getByRole("listitem").filter({ hasText: "Failed sign-in attempt" });
  await expect(failed).toContainText("wrong password");
  await expect(failed).toContainText(`IP ${ATTACKER_IP}`);
  // Newest first: the failed attempt comes before the sign-in that made the account.
  await expect(activity.getByRole("listitem").first()).toContainText("Failed sign-in attempt");
  // Reachable with the keyboard: the entry's button takes focus and is named for it.
  const button = failed.getByRole("button", { name: "This wasn't me" });
  await button.focus();
  await expect(button).toBeFocused();
});

test("'This wasn't me' sends every device to sign in and emails a reset link", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("not-me");
  await signUpAndVerify(page, email);
  const phone = await browser.newContext({ extraHTTPHeaders: { "x-real-ip": "198.51.100.61" } });
  const phonePage = await phone.newPage();
  await signIn(phonePage, email, PASSWORD);
  await expect(phonePage).toHaveURL(/\/todos$/);

  await page.goto("/settings/security");
  const activity = page.getByRole("region", { name: "Recent activity" });
  await activity.getByRole("button", { name: "This wasn't me" }).first().click();
  await expect(page).toHaveURL(/\/sign-in\?reported=emailed$/);
  await expect(
    page.getByRole("status").filter({ hasText: "Every device was signed out" }),
  ).toBeVisible();

  // The phone's open list leaves for sign-in by itself (the live feed), no navigation needed.
  await expect(phonePage).toHaveURL(/\/sign-in/, { timeout: 10_000 });
  await page.goto("/todos");
  await expect(page).toHaveURL(/\/sign-in/);

  await expect(async () => {
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
    await expect(page.getByRole("article", { name: "Reset your Todos password" })).toBeVisible({
      timeout: 1000,
    });
  }).toPass({ timeout: 15_000 });
  await phone.close();
});
