import { expect, test } from "./fixtures";
import {
  addTodo,
  followEmailLink,
  PASSWORD,
  signIn,
  signUpAndVerify,
  uniqueEmail,
  waitUntilSaved,
} from "./helpers";

test("sign up, verify from the inbox, keep todos across sign-out, and keep them private", async ({
  page,
}) => {
  const email = uniqueEmail("journey");
  await signUpAndVerify(page, email);

  await expect(page.locator(".new-todo")).toBeFocused();
  await addTodo(page, "Buy milk");
  await addTodo(page, "Walk the dog");
  await expect(page.locator(".todo-list li")).toHaveText(["Buy milk", "Walk the dog"]);
  await page.getByRole("checkbox", { name: 'Mark "Buy milk" as done' }).check();
  await expect(page.locator(".todo-count")).toHaveText("1 item left");
  await expect(page.locator(".todo-list li.completed")).toHaveText("Buy milk");
  await waitUntilSaved(page);
  await page.reload();
  await expect(page.locator(".todo-list li.completed")).toHaveText("Buy milk");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/todos");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Ftodos$/);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/todos$/);
  await expect(page.locator(".todo-list li")).toHaveText(["Buy milk", "Walk the dog"]);
  await expect(page.locator(".todo-list li.completed")).toHaveText("Buy milk");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await signUpAndVerify(page, uniqueEmail("second"));
  await expect(page.locator(".new-todo")).toBeVisible();
  await expect(page.locator(".todo-list li")).toHaveCount(0);
  await expect(page.locator(".main")).toHaveCount(0);
  await expect(page.locator(".footer")).toHaveCount(0);
});

test("explains a wrong password and an unverified account, with a way to resend", async ({
  page,
}) => {
  const email = uniqueEmail("unverified");
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Una");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();

  await signIn(page, email, "wrong password!");
  await expect(page.getByRole("status")).toHaveText("Wrong email or password.");
  await expect(page.getByLabel("Email")).toHaveValue(email);

  await signIn(page, email);
  await expect(page.getByRole("status").first()).toContainText("Verify your email address first");
  await page.getByRole("button", { name: "Resend verification email" }).click();
  await expect(page.getByText(/a new link is on its way/)).toBeVisible();
});

test("shows field errors for bad sign-up input and changes nothing", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Shorty");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("Enter a valid email address, like name@example.com")).toBeVisible();
  await expect(page.getByText("Use at least 8 characters")).toBeVisible();
  await expect(page).toHaveURL(/\/sign-up$/);
});

test("an invalid verification link explains itself and offers a resend", async ({ page }) => {
  await page.goto(
    "/api/auth/verify-email?token=tampered&callbackURL=%2Fverify-email%3Ffrom%3Dlink",
  );
  await expect(
    page.getByRole("heading", { level: 1, name: "Verification link problem" }),
  ).toBeVisible();
  await expect(page.getByText(/This verification link is not valid/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Resend verification email" })).toBeVisible();
});

test("a verification link opened in another browser verifies the address and asks for the password there", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("elsewhere");
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Elsa");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();

  const other = await browser.newContext({ extraHTTPHeaders: { "x-real-ip": "198.51.100.91" } });
  const elsewhere = await other.newPage();
  await followEmailLink(elsewhere, email, "Verify your email for Todos");
  await expect(elsewhere).toHaveURL(/\/sign-in\?verified=1$/);
  await expect(elsewhere.getByText("Your email is verified. Sign in to continue.")).toBeVisible();
  expect((await other.cookies()).map((cookie) => cookie.name)).not.toContain(
    "better-auth.session_token",
  );
  await signIn(elsewhere, email);
  await expect(elsewhere).toHaveURL(/\/todos$/);
  await other.close();
});
