import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./fixtures";
import { PASSWORD, signedInThroughApi, signIn, waitUntilSaved } from "./helpers";

test("works without JavaScript: add, toggle, rename, filter, delete, clear", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signedInThroughApi(page, "nojs");
  await page.goto("/todos");

  for (const title of ["first", "second"]) {
    await page.locator(".new-todo").fill(title);
    await page.locator(".new-todo").press("Enter");
    await expect(page.locator(".todo-list li").last()).toHaveText(title);
  }
  await page.locator(".todo-list li").first().locator(".toggle").check();
  await page.locator(".todo-list li").first().getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".todo-list li").first()).toHaveClass(/completed/);

  await page.getByRole("link", { name: 'Rename "second"' }).click();
  await page.getByLabel("Title").fill("second, renamed");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".todo-list li").last()).toHaveText("second, renamed");

  await page.getByRole("link", { name: "Completed" }).click();
  await expect(page.locator(".todo-list li")).toHaveText(["first"]);
  await page.getByRole("link", { name: "All" }).click();

  await page.getByRole("button", { name: 'Delete "second, renamed"' }).click();
  await expect(page.locator(".todo-list li")).toHaveText(["first"]);
  await page.locator(".clear-completed").click();
  await expect(page.locator(".todo-list li")).toHaveCount(0);
  await context.close();
});

test("without JavaScript, a refused title is explained next to the field", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signedInThroughApi(page, "nojs-refused");
  await page.goto("/todos");
  const input = page.locator(".new-todo");
  // Spaces pass the browser's `required`; the server refuses them.
  await input.fill("   ");
  await input.press("Enter");
  await expect(input).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await input.getAttribute("aria-describedby")) ?? "";
  await expect(page.locator(`[id="${describedBy}"]`)).toHaveText("Title cannot be empty");
  await expect(page.locator(".todo-list li")).toHaveCount(0);

  await input.fill("fine");
  await input.press("Enter");
  await expect(page.locator(".todo-list li")).toHaveText(["fine"]);
  await expect(input).not.toHaveAttribute("aria-invalid", "true");
  await context.close();
});

test("two devices stay in step: a change on one shows on the other when it regains focus", async ({
  page,
  browser,
}) => {
  const email = await signedInThroughApi(page, "twodevices");
  await page.goto("/todos");
  await page.locator(".new-todo").fill("from the laptop");
  await page.locator(".new-todo").press("Enter");
  await waitUntilSaved(page);

  const phone = await browser.newContext({ extraHTTPHeaders: { "x-real-ip": "198.51.100.90" } });
  const phonePage = await phone.newPage();
  await signIn(phonePage, email, PASSWORD);
  await expect(phonePage.locator(".todo-list li")).toHaveText(["from the laptop"]);
  await phonePage.locator(".new-todo").fill("from the phone");
  await phonePage.locator(".new-todo").press("Enter");
  await phonePage.locator(".todo-list li").first().locator(".toggle").check();
  await waitUntilSaved(phonePage);

  await page.evaluate(() => window.dispatchEvent(new Event("focus")));
  await expect(page.locator(".todo-list li")).toHaveText(["from the laptop", "from the phone"]);
  await expect(page.locator(".todo-list li").first()).toHaveClass(/completed/);

  // A todo deleted on the phone disappears from the laptop cleanly when the laptop touches it.
  await phonePage.getByRole("button", { name: 'Delete "from the phone"' }).click();
  await waitUntilSaved(phonePage);
  await page.locator(".todo-list li").last().locator(".toggle").check();
  await expect(page.locator(".todo-list li")).toHaveText(["from the laptop"]);
  await expect(page.getByRole("status")).not.toContainText(/not saved|went wrong/);
  await phone.close();
});

test("has no axe violations on /, /sign-in, /sign-up, /todos (empty and full) and /settings, light and dark", async ({
  page,
}) => {
  const check = async (path: string) => {
    await page.goto(path);
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(
        violations.map(
          (v) => `${path} (${scheme}): ${v.id} ${v.nodes.map((n) => n.target).join(" ")}`,
        ),
      ).toEqual([]);
    }
  };
  await check("/");
  await check("/sign-in");
  await check("/sign-up");
  await signedInThroughApi(page, "axe");
  await check("/todos");
  for (const title of ["one", "two", "three"]) {
    await page.locator(".new-todo").fill(title);
    await page.locator(".new-todo").press("Enter");
  }
  await page.locator(".todo-list li").first().locator(".toggle").check();
  await waitUntilSaved(page);
  await check("/todos");
  await check("/settings");
});

test("writes screenshots of /todos, light and dark, at 1280 and 360 px", async ({ page }) => {
  await signedInThroughApi(page, "shots");
  await page.goto("/todos");
  for (const title of ["Buy milk", "Walk the dog", "Write the report"]) {
    await page.locator(".new-todo").fill(title);
    await page.locator(".new-todo").press("Enter");
  }
  await page.locator(".todo-list li").first().locator(".toggle").check();
  await waitUntilSaved(page);
  for (const scheme of ["light", "dark"] as const) {
    for (const width of [1280, 360]) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 800 });
      await page.screenshot({ path: `e2e-artifacts/todos-${scheme}-${width}.png`, fullPage: true });
    }
  }
  await expect(page.locator(".todo-list li")).toHaveCount(3);
});
