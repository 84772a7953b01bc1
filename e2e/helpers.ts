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
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export async function addTodo(page: Page, title: string) {
  await page.locator(".new-todo").fill(title);
  await page.locator(".new-todo").press("Enter");
}

/** Waits until every optimistic change on /todos has reached the server. */
export async function waitUntilSaved(page: Page) {
  await expect(page.locator(".todoapp")).toHaveAttribute("aria-busy", "false");
}

/** A verified, signed-in user made through the HTTP API (fast), sharing the page's cookies. */
export async function signedInThroughApi(page: Page, prefix = "todo") {
  const email = uniqueEmail(prefix);
  const signUp = await page.request.post("/api/auth/sign-up/email", {
    data: { name: "Todo Tester", email, password: PASSWORD, callbackURL: "/todos" },
  });
  expect(signUp.ok()).toBe(true);
  let link: string | undefined;
  await expect(async () => {
    const mailbox = await (
      await page.request.get(`/api/dev/mailbox?to=${encodeURIComponent(email)}`)
    ).json();
    link = mailbox.messages[0]?.links[0];
    expect(link).toBeTruthy();
  }).toPass({ timeout: 10_000 });
  await page.request.get(link ?? "");
  return email;
}
