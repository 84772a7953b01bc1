import { copyExpiry, forgetSnapshots, OFFLINE_DB_NAME, OFFLINE_PAGES_CACHE } from "./store";

/**
 * The one decision every "this device's session has ended" path calls (its own sign-out, the
 * feed's `signed-out`, a 401, "This wasn't me", account deletion, the signed-out pages, and the
 * service worker): nothing of the list stays on the device, neither the copy, the queue nor the
 * cached pages.
 */
export async function wipeOfflineCopy(): Promise<void> {
  await Promise.all([
    new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(OFFLINE_DB_NAME);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    }),
    typeof caches === "undefined" ? undefined : caches.delete(OFFLINE_PAGES_CACHE),
  ]);
}

/** The list and pages kept here, without the queue: a session that may not keep a copy. */
export async function forgetKeptCopy(): Promise<void> {
  if (typeof caches !== "undefined") await caches.delete(OFFLINE_PAGES_CACHE);
  if (await hasOfflineDatabase()) await forgetSnapshots();
}

/**
 * A copy may be shown only while the session that kept it has not expired. Read without creating
 * the database: a device that never kept a copy keeps none.
 */
export async function copyIsLive(now = Date.now()): Promise<boolean> {
  if (!(await hasOfflineDatabase())) return false;
  const until = await copyExpiry();
  return until !== undefined && Date.parse(until) > now;
}

async function hasOfflineDatabase(): Promise<boolean> {
  const databases = await indexedDB.databases();
  return databases.some((database) => database.name === OFFLINE_DB_NAME);
}
