import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { addTodo, PASSWORD, signedInThroughApi, signIn, waitUntilSaved } from "./helpers";

/** Waits until the service worker controls the page and has kept /todos for opening offline. */
async function readyForOffline(page: Page) {
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
}

const titles = (page: Page) => page.locator(".todo-list li label");

test("opens offline with the last list, queues changes in IndexedDB, and replays them once online", async ({
  page,
  browser,
}) => {
  const email = await signedInThroughApi(page, "offline");
  await page.goto("/todos");
  await addTodo(page, "Pack charger");
  await waitUntilSaved(page);
  await readyForOffline(page);

  await page.context().setOffline(true);
  // Written elsewhere while this device is offline: it must not appear, the device cannot know.
  const phoneContext = await browser.newContext({
    extraHTTPHeaders: { "x-real-ip": "198.51.100.41" },
  });
  const phone = await phoneContext.newPage();
  await signIn(phone, email, PASSWORD);
  await addTodo(phone, "Added on the phone");
  await waitUntilSaved(phone);

  await page.reload();
  await expect(page.locator("h1")).toHaveText("todos");
  await expect(titles(page)).toHaveText(["Pack charger"]);
  await expect(page.locator(".offline-state")).toHaveText("Offline — 0 changes waiting");

  await addTodo(page, "Buy a train ticket");
  await page
    .locator(".todo-list li")
    .filter({ hasText: "Pack charger" })
    .locator(".toggle")
    .check();
  await expect(page.locator(".offline-state")).toHaveText("Offline — 2 changes waiting");
  await expect(page.locator(".todo-count")).toHaveText("1 item left");

  // The queue survives a reload (it is in IndexedDB, not in memory).
  await page.reload();
  await expect(titles(page)).toHaveText(["Pack charger", "Buy a train ticket"]);
  await expect(page.locator(".offline-state")).toHaveText("Offline — 2 changes waiting");

  await page.context().setOffline(false);
  await expect(page.locator(".offline-state")).toHaveCount(0, { timeout: 15_000 });
  await expect(titles(page)).toHaveText([
    "Pack charger",
    "Added on the phone",
    "Buy a train ticket",
  ]);
  // The phone sees the replayed changes live, each once.
  await expect(phone.locator(".todo-list li label")).toHaveText(
    ["Pack charger", "Added on the phone", "Buy a train ticket"],
    { timeout: 10_000 },
  );
  await expect(phone.locator(".todo-list li").first()).toHaveClass(/completed/);
  await phoneContext.close();
});

for (const first of ["laptop", "phone"] as const) {
  test(`two devices rename one todo offline: the later edit wins on both, when the ${first} returns first`, async ({
    page,
    browser,
  }) => {
    const email = await signedInThroughApi(page, `offline-conflict-${first}`);
    await page.goto("/todos");
    await addTodo(page, "Book hotel");
    await waitUntilSaved(page);
    await readyForOffline(page);
    const phoneContext = await browser.newContext({
      extraHTTPHeaders: { "x-real-ip": first === "laptop" ? "198.51.100.42" : "198.51.100.43" },
    });
    const phone = await phoneContext.newPage();
    await signIn(phone, email, PASSWORD);
    await expect(phone.locator(".todo-list li label")).toHaveText(["Book hotel"]);
    await readyForOffline(phone);

    await page.context().setOffline(true);
    await phoneContext.setOffline(true);
    const rename = async (device: Page, title: string) => {
      await device.locator(".todo-list li label").first().dblclick();
      await device.locator(".todo-list li .edit").fill(title);
      await device.locator(".todo-list li .edit").press("Enter");
      await expect(device.locator(".offline-state")).toHaveText("Offline — 1 change waiting");
    };
    await rename(phone, "Book hotel near the station");
    await rename(page, "Book hotel by the sea");

    // The laptop's edit is the later one: it must win whichever replay reaches the server first,
    // so each order is run, the second device kept offline until the first one's replay is saved.
    const devices = first === "laptop" ? [page, phone] : [phone, page];
    for (const device of devices) {
      await device.context().setOffline(false);
      await expect(device.locator(".offline-state")).toHaveCount(0, { timeout: 15_000 });
    }
    for (const device of [page, phone]) {
      await expect(device.locator(".todo-list li label")).toHaveText(["Book hotel by the sea"], {
        timeout: 10_000,
      });
    }
    await phoneContext.close();
  });
}

test("signing out deletes the offline copy and the queue", async ({ page }) => {
  await signedInThroughApi(page, "offline-signout");
  await page.goto("/todos");
  await addTodo(page, "Private");
  await waitUntilSaved(page);
  await readyForOffline(page);
  const stored = () =>
    page.evaluate(async () => ({
      databases: (await indexedDB.databases()).map((db) => db.name),
      pages: await caches.has("todos-pages"),
    }));
  expect(await stored()).toEqual({ databases: ["todos-offline"], pages: true });
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(async () => expect(await stored()).toEqual({ databases: [], pages: false })).toPass({
    timeout: 10_000,
  });
});

test("is installable: a manifest with its icons, and a service worker that controls /todos", async ({
  page,
}) => {
  await signedInThroughApi(page, "offline-install");
  await page.goto("/todos");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  expect(href).toBeTruthy();
  const manifest = await (await page.request.get(href ?? "")).json();
  expect(manifest).toMatchObject({ start_url: "/todos", display: "standalone" });
  for (const icon of manifest.icons as { src: string; sizes: string }[]) {
    const response = await page.request.get(icon.src);
    expect(response.status(), icon.src).toBe(200);
  }
  expect(manifest.icons.map((icon: { sizes: string }) => icon.sizes)).toEqual(
    expect.arrayContaining(["192x192", "512x512"]),
  );
  await readyForOffline(page);
  // The sign-in page is never kept: only /todos pages are.
  const kept = await page.evaluate(async () =>
    (await (await caches.open("todos-pages")).keys()).map(
      (request) => new URL(request.url).pathname,
    ),
  );
  expect(kept).toEqual(["/todos"]);
});
