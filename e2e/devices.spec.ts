import { expect, test } from "./fixtures";
import { addTodo, PASSWORD, signIn, signUpAndVerify, uniqueEmail, waitUntilSaved } from "./helpers";

const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

test("a laptop sees the phone in its device list, signs it out, and the phone loses access", async ({
  page,
  browser,
}) => {
  const email = uniqueEmail("devices");
  await signUpAndVerify(page, email);
  await addTodo(page, "Private plan");
  await expect(page.locator(".todo-list li")).toHaveText(["Private plan"]);
  await waitUntilSaved(page);

  const phone = await browser.newContext({
    userAgent: IPHONE,
    extraHTTPHeaders: { "x-real-ip": "198.51.100.77" },
  });
  const phonePage = await phone.newPage();
  await signIn(phonePage, email, PASSWORD);
  await expect(phonePage).toHaveURL(/\/todos$/);
  await expect(phonePage.locator(".todo-list li")).toHaveText(["Private plan"]);

  await page.goto("/settings/sessions");
  await expect(page.getByRole("heading", { level: 1, name: "Devices" })).toBeVisible();
  const phoneCard = page.getByRole("article", { name: "Mobile Safari on iOS" });
  await expect(phoneCard).toContainText("198.51.100.77");
  await expect(page.getByRole("article", { name: /\(this device\)$/ })).toContainText(
    "This device",
  );
  await expect(page.getByRole("article")).toHaveCount(2);

  await phoneCard.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("article")).toHaveCount(1);

  // The phone's open list hears of it through the live feed and leaves for sign-in by itself.
  await expect(phonePage).toHaveURL(/\/sign-in\?next=%2Ftodos&ended=1$/);
  await expect(phonePage.getByText("This device was signed out")).toBeVisible();
  await phonePage.goto("/todos");
  await expect(phonePage).toHaveURL(/\/sign-in\?next=%2Ftodos$/);
  await page.goto("/todos");
  await expect(page.locator(".todo-list li")).toHaveText(["Private plan"]);
  const api = await phonePage.request.get("/api/todos");
  expect(api.status()).toBe(401);
  await phone.close();
});
