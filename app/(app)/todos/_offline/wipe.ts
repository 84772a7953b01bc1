import { forgetSnapshots, OFFLINE_DB_NAME, OFFLINE_PAGES_CACHE, storeNothingMore } from "./store";

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

/** A page that learnt its session ended: wiped, and nothing it still does can store the list again. */
export async function wipeForEndedSession(): Promise<void> {
  storeNothingMore();
  await wipeOfflineCopy();
}

/** The list and pages kept here, without the queue: a session that may not keep a copy. */
export async function forgetKeptCopy(): Promise<void> {
  if (typeof caches !== "undefined") await caches.delete(OFFLINE_PAGES_CACHE);
  const db = await openExisting();
  db?.close();
  if (db) await forgetSnapshots();
}

/**
 * A copy may be shown only while the session that kept it has not expired. Read without creating
 * the database (nor bringing back one being wiped): a device that keeps no copy keeps none.
 */
export async function copyIsLive(now = Date.now()): Promise<boolean> {
  const db = await openExisting();
  if (!db) return false;
  try {
    if (!db.objectStoreNames.contains("expiry")) return false;
    const until = await new Promise<unknown>((resolve) => {
      const read = db.transaction("expiry").objectStore("expiry").get("until");
      read.onsuccess = () => resolve(read.result);
      read.onerror = () => resolve(undefined);
    });
    return typeof until === "string" && Date.parse(until) > now;
  } finally {
    db.close();
  }
}

/** The offline database if it exists; opening a missing one is refused rather than creating it. */
function openExisting(): Promise<IDBDatabase | undefined> {
  return new Promise((resolve) => {
    const request = indexedDB.open(OFFLINE_DB_NAME);
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => resolve(undefined);
  });
}
