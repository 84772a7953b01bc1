import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { signedInThroughApi, waitUntilSaved } from "./helpers";

// A port of the TodoMVC acceptance cases (tastejs/todomvc), with the filter in ?filter=.

const TODOS = ["buy some cheese", "feed the cat", "book a doctors appointment"];

async function add(page: Page, ...titles: string[]) {
  for (const title of titles) {
    await page.locator(".new-todo").fill(title);
    await page.locator(".new-todo").press("Enter");
  }
}

const items = (page: Page) => page.locator(".todo-list li");

test.beforeEach(async ({ page }) => {
  await signedInThroughApi(page);
  await page.goto("/todos");
});

test("focuses the new-todo input on load", async ({ page }) => {
  await expect(page.locator(".new-todo")).toBeFocused();
});

test("hides .main and .footer when there are no todos", async ({ page }) => {
  await expect(page.locator(".main")).toHaveCount(0);
  await expect(page.locator(".footer")).toHaveCount(0);
});

test.describe("new todo", () => {
  test("adds items to the bottom, clears the input, trims and ignores blank input", async ({
    page,
  }) => {
    await add(page, TODOS[0] ?? "");
    await expect(items(page)).toHaveText([TODOS[0] ?? ""]);
    await expect(page.locator(".new-todo")).toHaveValue("");
    await add(page, `   ${TODOS[1]}   `, "    ");
    await expect(items(page)).toHaveText(TODOS.slice(0, 2));
    await expect(page.locator(".main")).toBeVisible();
    await expect(page.locator(".footer")).toBeVisible();
  });
});

test.describe("mark all as complete", () => {
  test.beforeEach(async ({ page }) => {
    await add(page, ...TODOS);
    await expect(items(page)).toHaveCount(3);
  });

  test("marks all items completed, then clears them back", async ({ page }) => {
    await page.locator(".toggle-all").check();
    await expect(items(page)).toHaveClass(
      ["completed", "completed", "completed"].map((c) => new RegExp(c)),
    );
    await page.locator(".toggle-all").uncheck();
    await expect(page.locator(".todo-list li.completed")).toHaveCount(0);
  });

  test("is checked exactly when every item is completed", async ({ page }) => {
    await page.locator(".toggle-all").check();
    await expect(page.locator(".toggle-all")).toBeChecked();
    await items(page).first().locator(".toggle").uncheck();
    await expect(page.locator(".toggle-all")).not.toBeChecked();
    await items(page).first().locator(".toggle").check();
    await expect(page.locator(".toggle-all")).toBeChecked();
  });
});

test.describe("item", () => {
  test("marks items as complete and un-marks them", async ({ page }) => {
    await add(page, ...TODOS.slice(0, 2));
    await items(page).nth(0).locator(".toggle").check();
    await expect(items(page).nth(0)).toHaveClass(/completed/);
    await expect(items(page).nth(1)).not.toHaveClass(/completed/);
    await items(page).nth(0).locator(".toggle").uncheck();
    await expect(items(page).nth(0)).not.toHaveClass(/completed/);
  });

  test("edits an item on double-click", async ({ page }) => {
    await add(page, ...TODOS);
    await items(page).nth(1).locator("label").dblclick();
    await expect(items(page).nth(1)).toHaveClass(/editing/);
    await items(page).nth(1).locator(".edit").fill("buy some sausages");
    await items(page).nth(1).locator(".edit").press("Enter");
    await expect(items(page)).toHaveText([TODOS[0] ?? "", "buy some sausages", TODOS[2] ?? ""]);
  });
});

test.describe("editing", () => {
  test.beforeEach(async ({ page }) => {
    await add(page, ...TODOS);
    await items(page).nth(1).locator("label").dblclick();
  });

  test("hides the other controls while editing", async ({ page }) => {
    await expect(items(page).nth(1).locator(".toggle")).toHaveCount(0);
    await expect(items(page).nth(1).locator("label")).toHaveCount(0);
    await expect(items(page).nth(1).locator(".edit")).toBeFocused();
  });

  test("saves on blur, trimmed", async ({ page }) => {
    await items(page).nth(1).locator(".edit").fill("    buy some sausages    ");
    await items(page).nth(1).locator(".edit").blur();
    await expect(items(page)).toHaveText([TODOS[0] ?? "", "buy some sausages", TODOS[2] ?? ""]);
  });

  test("removes the item when the edit is empty", async ({ page }) => {
    await items(page).nth(1).locator(".edit").fill("");
    await items(page).nth(1).locator(".edit").press("Enter");
    await expect(items(page)).toHaveText([TODOS[0] ?? "", TODOS[2] ?? ""]);
  });

  test("cancels on Escape", async ({ page }) => {
    await items(page).nth(1).locator(".edit").fill("foo");
    await items(page).nth(1).locator(".edit").press("Escape");
    await expect(items(page)).toHaveText(TODOS);
  });
});

test.describe("counter", () => {
  test("shows the number of active items, with the right plural", async ({ page }) => {
    await add(page, TODOS[0] ?? "");
    await expect(page.locator(".todo-count")).toHaveText("1 item left");
    await add(page, TODOS[1] ?? "");
    await expect(page.locator(".todo-count")).toHaveText("2 items left");
    await expect(page.locator(".todo-count strong")).toHaveText("2");
  });
});

test.describe("clear completed", () => {
  test.beforeEach(async ({ page }) => {
    await add(page, ...TODOS);
  });

  test("shows only when something is completed and removes completed items", async ({ page }) => {
    await expect(page.locator(".clear-completed")).toHaveCount(0);
    await items(page).nth(1).locator(".toggle").check();
    await expect(page.locator(".clear-completed")).toHaveText("Clear completed");
    await page.locator(".clear-completed").click();
    await expect(items(page)).toHaveText([TODOS[0] ?? "", TODOS[2] ?? ""]);
    await expect(page.locator(".clear-completed")).toHaveCount(0);
  });
});

test("persists across reloads", async ({ page }) => {
  await add(page, ...TODOS.slice(0, 2));
  await items(page).nth(0).locator(".toggle").check();
  await waitUntilSaved(page);
  await page.reload();
  await expect(items(page)).toHaveText(TODOS.slice(0, 2));
  await expect(items(page).nth(0)).toHaveClass(/completed/);
});

test.describe("routing", () => {
  test.beforeEach(async ({ page }) => {
    await add(page, ...TODOS);
    await items(page).nth(1).locator(".toggle").check();
    await waitUntilSaved(page);
  });

  test("filters active and completed items, highlights the filter, and the back button works", async ({
    page,
  }) => {
    await page.getByRole("link", { name: "Active" }).click();
    await expect(page).toHaveURL(/\?filter=active$/);
    await expect(items(page)).toHaveText([TODOS[0] ?? "", TODOS[2] ?? ""]);
    await expect(page.locator(".filters a.selected")).toHaveText("Active");

    await page.getByRole("link", { name: "Completed" }).click();
    await expect(items(page)).toHaveText([TODOS[1] ?? ""]);
    await expect(page.locator(".filters a.selected")).toHaveText("Completed");

    await page.goBack();
    await expect(items(page)).toHaveText([TODOS[0] ?? "", TODOS[2] ?? ""]);
    await page.goBack();
    await expect(items(page)).toHaveText(TODOS);
    await expect(page.locator(".filters a.selected")).toHaveText("All");
  });

  test("an item leaves the filter when it stops matching", async ({ page }) => {
    await page.getByRole("link", { name: "Active" }).click();
    await expect(items(page)).toHaveCount(2);
    // It vanishes from the Active view as soon as it is checked, so click rather than check().
    await items(page).nth(0).locator(".toggle").click();
    await expect(items(page)).toHaveText([TODOS[2] ?? ""]);
  });
});
