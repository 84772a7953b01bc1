import { expect, test } from "./fixtures";
import {
  addTodo,
  followEmailLink,
  PASSWORD,
  signIn,
  signUpAndVerify,
  uniqueEmail,
} from "./helpers";

test("forgot password: the emailed link sets a new password that then signs in", async ({
  page,
}) => {
  const email = uniqueEmail("forgot");
  await signUpAndVerify(page, email);
  await page.getByRole("button", { name: "Sign out" }).click();
  // Let the sign-out's own redirect land first: a navigation started during it is aborted.
  await expect(page).toHaveURL(/\/sign-in/);

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reset your password" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status")).toContainText(
    "a link to reset its password is on its way",
  );

  await followEmailLink(page, email, "Reset your Todos password");
  await expect(page).toHaveURL(/\/reset-password\?token=/);
  await page.getByLabel("New password").fill("password1");
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByText(/most common passwords/)).toBeVisible();

  await page.getByLabel("New password").fill("a completely new passphrase");
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?reset=done$/);
  await expect(page.getByText("Your password was changed")).toBeVisible();

  await signIn(page, email, PASSWORD);
  await expect(page.getByRole("status")).toHaveText("Wrong email or password.");
  await signIn(page, email, "a completely new passphrase");
  await expect(page).toHaveURL(/\/todos$/);
});

test("change email: the current address approves, then the new address works once its link is opened", async ({
  page,
}) => {
  const oldEmail = uniqueEmail("before");
  const newEmail = uniqueEmail("after");
  await signUpAndVerify(page, oldEmail);
  await page.getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();

  await page.getByLabel("New email").fill(newEmail);
  await page.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(page.getByText(`We sent ${oldEmail} a link to approve the change`)).toBeVisible();

  await followEmailLink(page, oldEmail, "Approve the change of your Todos email");
  // The link alone approves nothing (a mail provider's scanner opens links too): the button does.
  await expect(page.getByRole("heading", { name: "Approve the email change" })).toBeVisible();
  await expect(page.getByText(newEmail)).toBeVisible();
  await page.getByRole("button", { name: "Approve the change" }).click();
  await expect(page).toHaveURL(/\/settings\?email=approved$/);
  await expect(page.getByText("Change approved.")).toBeVisible();
  await expect(page.getByText(oldEmail).first()).toBeVisible();

  await followEmailLink(page, newEmail, "Confirm your new email for Todos");
  await expect(page).toHaveURL(/\/settings\?email=confirmed$/);
  await expect(page.getByText(`Your email address is now ${newEmail}.`)).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, newEmail);
  await expect(page).toHaveURL(/\/todos$/);
});

test("delete account: asks for the password, then removes everything and signs out", async ({
  page,
}) => {
  const email = uniqueEmail("leaving");
  await signUpAndVerify(page, email);
  await addTodo(page, "A todo that goes too");
  await expect(page.locator(".todo-list li")).toHaveCount(1);

  await page.goto("/settings");
  await page.getByLabel("Confirm with your password").fill("not my password");
  await page.getByRole("button", { name: "Delete account" }).click();
  await expect(page.getByText("That is not your current password")).toBeVisible();

  await page.getByLabel("Confirm with your password").fill(PASSWORD);
  await page.getByRole("button", { name: "Delete account" }).click();
  await expect(page).toHaveURL(/\/\?deleted=1$/);
  await expect(page.getByText("Your account and all its todos were deleted.")).toBeVisible();

  await page.goto("/todos");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Ftodos$/);
  await signIn(page, email);
  await expect(page.getByRole("status")).toHaveText("Wrong email or password.");
});
