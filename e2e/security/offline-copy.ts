import { type BrowserContext, expect, type Page } from "@playwright/test";
import { addTodo, waitUntilSaved } from "../helpers";

/** What the device keeps of the list: the offline database and the cached pages. */
export function storedCopy(page: Page) {
  return page.evaluate(async () => ({
    database: (await indexedDB.databases()).some((db) => db.name === "todos-offline"),
    pages: await caches.has("todos-pages"),
  }));
}

/** Adds a secret todo and waits until the service worker has kept /todos for opening offline. */
export async function keepSecretOffline(page: Page, secret: string) {
  await page.goto("/todos");
  await addTodo(page, secret);
  await waitUntilSaved(page);
  await expect(async () => {
    const kept = await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      const cache = await caches.open("todos-pages");
      return Boolean(
        navigator.serviceWorker.controller && (await cache.match("/todos", { ignoreVary: true })),
      );
    });
    expect(kept).toBe(true);
  }).toPass({ timeout: 20_000 });
  expect(await storedCopy(page)).toEqual({ database: true, pages: true });
}

/** Waits until nothing of the list is left on the device (read on a page of the site). */
export async function expectCopyWiped(page: Page) {
  await expect
    .poll(() => storedCopy(page), { timeout: 10_000 })
    .toEqual({
      database: false,
      pages: false,
    });
}

/** With the network off, /todos opened afresh shows nothing of the list. */
export async function expectNothingOffline(context: BrowserContext, secret: string) {
  await context.setOffline(true);
  const page = await context.newPage();
  // Without a kept page the browser shows its own offline error: the navigation fails.
  await page.goto("/todos").catch(() => undefined);
  await expect(page.locator("body")).not.toContainText(secret);
  await expect(page.locator(".todo-list li")).toHaveCount(0);
  await page.close();
}
