import { type DBSchema, openDB } from "idb";
import type { TodoChange, TodoView } from "../_components/optimistic";

/** The device's offline copy: read by the service worker too, which deletes it on sign-out. */
export const OFFLINE_DB_NAME = "todos-offline";
/** The Cache Storage name of the pages the service worker keeps for opening offline. */
export const OFFLINE_PAGES_CACHE = "todos-pages";

/** A change made while offline, waiting to be replayed in order (`seq`, given by IndexedDB). */
export type QueuedChange = TodoChange & {
  seq?: number;
  /** The signed-in user who made it: never replayed for anyone else. */
  owner: string;
  /** When it was made on this device (ISO): the server keeps the newer edit of each field. */
  at: string;
};

export interface Snapshot extends TodoView {
  owner: string;
  filter: string;
  savedAt: string;
}

interface OfflineSchema extends DBSchema {
  queue: { key: number; value: QueuedChange };
  snapshots: { key: [string, string]; value: Snapshot };
}

function open() {
  return openDB<OfflineSchema>(OFFLINE_DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore("queue", { keyPath: "seq", autoIncrement: true });
      db.createObjectStore("snapshots", { keyPath: ["owner", "filter"] });
    },
  });
}

export async function enqueue(change: QueuedChange): Promise<QueuedChange> {
  const db = await open();
  const seq = await db.add("queue", change);
  db.close();
  return { ...change, seq };
}

/** This user's waiting changes, oldest first; another user's (left by a crash) are dropped. */
export async function waitingChanges(owner: string): Promise<QueuedChange[]> {
  const db = await open();
  const all = await db.getAll("queue");
  const strangers = all.filter((change) => change.owner !== owner);
  if (strangers.length > 0) {
    const tx = db.transaction("queue", "readwrite");
    await Promise.all(strangers.map((change) => tx.store.delete(change.seq as number)));
    await tx.done;
  }
  db.close();
  return all.filter((change) => change.owner === owner);
}

export async function removeChange(seq: number): Promise<void> {
  const db = await open();
  await db.delete("queue", seq);
  db.close();
}

export async function saveSnapshot(snapshot: Snapshot): Promise<void> {
  const db = await open();
  await db.put("snapshots", snapshot);
  db.close();
}

export async function loadSnapshot(owner: string, filter: string): Promise<Snapshot | undefined> {
  const db = await open();
  const snapshot = await db.get("snapshots", [owner, filter]);
  db.close();
  return snapshot;
}

/** Signing out leaves nothing of the list on the device: neither the copy nor the queue. */
export async function clearOfflineData(): Promise<void> {
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(OFFLINE_DB_NAME);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
  if (typeof caches !== "undefined") await caches.delete(OFFLINE_PAGES_CACHE);
}
