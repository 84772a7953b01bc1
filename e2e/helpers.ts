import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";

export const PASSWORD = "correct horse battery staple";

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.com`;
}

/** Signs up through the form, then opens the email in /dev/mailbox and follows its link. */
export async function signUpAndVerify(page: Page, email: string, name = "Test User") {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your inbox" })).toBeVisible();

  await followEmailLink(page, email, "Verify your email for Todos");
  await expect(page).toHaveURL(/\/todos$/);
}

/** Opens the newest email with this subject in /dev/mailbox and follows its link. */
export async function followEmailLink(page: Page, to: string, subject: string) {
  const message = page.getByRole("article", { name: subject }).first();
  // Emails are sent just after the response: reload until it is there.
  await expect(async () => {
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
    await expect(message).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await message.getByRole("link", { name: /^http/ }).first().click();
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function addTodo(page: Page, title: string) {
  await page.locator(".new-todo").fill(title);
  await page.locator(".new-todo").press("Enter");
}

/** Waits until every optimistic change on /todos has reached the server. */
export async function waitUntilSaved(page: Page) {
  await expect(page.locator(".todoapp")).toHaveAttribute("aria-busy", "false");
}
