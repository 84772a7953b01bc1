import { type DBSchema, openDB } from "idb";
import type { PendingCommand } from "@/lib/todos/commands";
import type { TodoView } from "@/lib/todos/view";

/** The device's offline copy: read by the service worker too, which deletes it on sign-out. */
export const OFFLINE_DB_NAME = "todos-offline";
/** The Cache Storage name of the pages the service worker keeps for opening offline. */
export const OFFLINE_PAGES_CACHE = "todos-pages";

/** A command made while offline, waiting to be replayed in order (`seq`, given by IndexedDB). */
export type QueuedChange = PendingCommand & {
  seq?: number;
  /** The signed-in user who made it: never replayed for anyone else. */
  owner: string;
};

export interface Snapshot extends TodoView {
  owner: string;
  filter: string;
  savedAt: string;
}

interface OfflineSchema extends DBSchema {
  queue: { key: number; value: QueuedChange };
  snapshots: { key: [string, string]; value: Snapshot };
  /** One entry, "until": when the session that made the copy expires (ISO). */
  expiry: { key: string; value: string };
}

let sessionEnded = false;

/** Once this page learnt its session ended, a late effect must not bring the copy back. */
export function storeNothingMore(): void {
  sessionEnded = true;
}

function open() {
  if (sessionEnded) return Promise.reject(new Error("This device's session has ended"));
  return openDB<OfflineSchema>(OFFLINE_DB_NAME, 3, {
    async upgrade(db, oldVersion, _newVersion, transaction) {
      if (oldVersion < 1) {
        db.createObjectStore("queue", { keyPath: "seq", autoIncrement: true });
        db.createObjectStore("snapshots", { keyPath: ["owner", "filter"] });
      }
      if (oldVersion < 2) db.createObjectStore("expiry");
      if (oldVersion === 1 || oldVersion === 2) {
        let cursor = await transaction.objectStore("queue").openCursor();
        for (; cursor; cursor = await cursor.continue())
          await cursor.update(fromVersion2(cursor.value));
      }
    },
  });
}

/** Version 2 queued `{type, todo?}`: what still waits from it is replayed as the command it meant. */
function fromVersion2(entry: unknown): QueuedChange {
  const { type, todo, ...rest } = entry as { type: string; todo?: { id: string; title: string } };
  return { ...rest, intent: type, ...(todo && { id: todo.id, title: todo.title }) } as QueuedChange;
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

/** Records when the session that keeps this copy expires: no copy is shown past it. */
export async function saveCopyExpiry(until: string): Promise<void> {
  const db = await open();
  await db.put("expiry", until, "until");
  db.close();
}

/** Drops the kept list and its expiry, keeping the queue: what was typed still gets sent. */
export async function forgetSnapshots(): Promise<void> {
  const db = await open();
  const tx = db.transaction(["snapshots", "expiry"], "readwrite");
  await Promise.all([tx.objectStore("snapshots").clear(), tx.objectStore("expiry").clear()]);
  await tx.done;
  db.close();
}
