import type { Browser, BrowserContext, Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { PASSWORD, signedInThroughApi, signIn } from "../helpers";
import {
  expectCopyWiped,
  expectNothingOffline,
  keepSecretOffline,
  storedCopy,
} from "./offline-copy";

// Finding 3 of issue 21: the moment a device learns its session has ended, by any path, nothing of
// the list stays readable offline; and a device that cannot learn it (closed, offline) keeps no
// copy past its browser session (no "Remember me") or past its session's expiry.

const SECRET = "Secret plan for Friday";

async function phoneOf(browser: Browser, email: string, ip: string) {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-real-ip": ip } });
  const phone = await context.newPage();
  await signIn(phone, email, PASSWORD);
  await expect(phone).toHaveURL(/\/todos$/);
  return { context, phone };
}

/** From the phone's device list, signs out every device that is not the phone. */
async function signOutOthersFrom(phone: Page) {
  await phone.goto("/settings/sessions");
  const others = phone.getByRole("article").filter({ hasNotText: "This device" });
  for (let left = await others.count(); left > 0; left -= 1) {
    await others.first().getByRole("button", { name: "Sign out" }).click();
    await expect(others).toHaveCount(left - 1);
  }
}

test("signed out from another device, the open list wipes its copy before it leaves (live feed)", async ({
  page,
  context,
  browser,
}) => {
  const email = await signedInThroughApi(page, "wipe-feed");
  await keepSecretOffline(page, SECRET);
  // The way to sign in is cut (the network drops just then): the copy must be gone all the same.
  const leaving = cutTheWayOut(context);
  const { context: phoneContext, phone } = await phoneOf(browser, email, "198.51.100.71");
  await signOutOthersFrom(phone);
  await leaving;
  await expectCopyWiped(await pageWithoutList(context));
  await expectNothingOffline(context, SECRET);
  await phoneContext.close();
});

test("signed out from another device while on another page, the next visit to the list wipes its copy", async ({
  page,
  context,
  browser,
}) => {
  const email = await signedInThroughApi(page, "wipe-elsewhere");
  await keepSecretOffline(page, SECRET);
  await page.goto("/settings");
  const { context: phoneContext, phone } = await phoneOf(browser, email, "198.51.100.75");
  await signOutOthersFrom(phone);
  // A client-side navigation: the render finds the session revoked and redirects to sign in.
  await page.getByRole("link", { name: "Todos", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in\?next=%2Ftodos&ended=1$/, { timeout: 15_000 });
  await expectCopyWiped(page);
  await expectNothingOffline(context, SECRET);
  await phoneContext.close();
});

test("'This wasn't me' pressed on the device itself wipes its copy", async ({
  page,
  context,
  browser,
}) => {
  const email = await signedInThroughApi(page, "wipe-not-me");
  await keepSecretOffline(page, SECRET);
  // A sign-in elsewhere: the entry of Recent activity the owner does not recognise.
  const { context: phoneContext } = await phoneOf(browser, email, "198.51.100.74");
  await page.goto("/settings/security");
  const activity = page.getByRole("region", { name: "Recent activity" });
  await activity.getByRole("button", { name: "This wasn't me" }).first().click();
  await expect(page).toHaveURL(/\/sign-in\?reported=/);
  await expectCopyWiped(page);
  await expectNothingOffline(context, SECRET);
  await phoneContext.close();
});

test("deleting the account wipes the device's copy", async ({ page, context }) => {
  await signedInThroughApi(page, "wipe-deleted");
  await keepSecretOffline(page, SECRET);
  await page.goto("/settings");
  await page.getByLabel("Confirm with your password").fill(PASSWORD);
  await page.getByRole("button", { name: "Delete account" }).click();
  await expect(page).toHaveURL(/\/\?deleted=1$/);
  await expectCopyWiped(page);
  await expectNothingOffline(context, SECRET);
});

test("the device's own sign-out wipes its copy", async ({ page, context }) => {
  await signedInThroughApi(page, "wipe-own");
  await keepSecretOffline(page, SECRET);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expectCopyWiped(page);
  await expectNothingOffline(context, SECRET);
});

test("a 401 from the API on replay wipes the copy and the queue before it leaves", async ({
  page,
  context,
  browser,
}) => {
  const email = await signedInThroughApi(page, "wipe-401");
  await keepSecretOffline(page, SECRET);
  // Offline, a change waits in the queue; meanwhile the phone signs this device out.
  await context.setOffline(true);
  await page.locator(".todo-list li .toggle").first().check();
  await expect(page.locator(".offline-state")).toHaveText("Offline — 1 change waiting");
  const { context: phoneContext, phone } = await phoneOf(browser, email, "198.51.100.72");
  await signOutOthersFrom(phone);
  // Only the replay may learn it: the feed stays shut, so the API's 401 is the one messenger.
  await page.route("**/api/todos/feed**", (route) => route.abort());
  const leaving = cutTheWayOut(context);
  await context.setOffline(false);
  await leaving;
  await expectCopyWiped(await pageWithoutList(context));
  await expectNothingOffline(context, SECRET);
  await phoneContext.close();
});

test("without 'Remember me', a closed page signed out elsewhere leaves nothing to open offline", async ({
  page,
  context,
  browser,
}) => {
  const email = await signedInThroughApi(page, "wipe-shared");
  // The shared computer: signed in without "Remember me".
  await context.clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Remember me").uncheck();
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/todos$/);
  await page.locator(".new-todo").fill(SECRET);
  await page.locator(".new-todo").press("Enter");
  await expect(page.locator(".todoapp")).toHaveAttribute("aria-busy", "false");
  await page.reload();
  await expect(page.locator(".todo-list li label")).toHaveText([SECRET]);
  expect((await storedCopy(page)).pages).toBe(false);
  await page.close();

  const { context: phoneContext, phone } = await phoneOf(browser, email, "198.51.100.73");
  await signOutOthersFrom(phone);
  await expectNothingOffline(context, SECRET);
  await phoneContext.close();
});

test("a copy is never shown past its session's own expiry", async ({ page, context }) => {
  await signedInThroughApi(page, "wipe-expired");
  await keepSecretOffline(page, SECRET);
  await page.close();
  // 31 days on (the session lasts 30), on this device's clock: the page's and its service worker's.
  const later = Date.now() + 31 * 24 * 60 * 60 * 1000;
  await shiftServiceWorkerClock(context, later);
  const reopened = await context.newPage();
  await reopened.clock.setFixedTime(later);
  await context.setOffline(true);
  await reopened.goto("/todos").catch(() => undefined);
  await expect(reopened.locator("body")).not.toContainText(SECRET);
  await expect(reopened.locator(".todo-list li")).toHaveCount(0);
});

/** Resolves once a page heads for /session-ended, which fails as if the network dropped just then. */
function cutTheWayOut(context: BrowserContext): Promise<void> {
  return new Promise((resolve) => {
    void context.route("**/session-ended**", async (route) => {
      await route.abort("internetdisconnected");
      resolve();
    });
  });
}

/** A page of the site that neither shows nor touches the list, to read what the device stored. */
async function pageWithoutList(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto("/api/health");
  return page;
}

/** Moves the service worker's clock (the edge of the world it reads the time from). */
async function shiftServiceWorkerClock(context: BrowserContext, to: number) {
  const [worker] = context.serviceWorkers();
  if (!worker) throw new Error("no service worker is running");
  await worker.evaluate((target) => {
    const offset = target - Date.now();
    const realNow = Date.now.bind(Date);
    Date.now = () => realNow() + offset;
  }, to);
}
