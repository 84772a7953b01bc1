import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { beforeEach, describe, expect, it } from "vitest";
import { enqueue, loadSnapshot, saveCopyExpiry, saveSnapshot, waitingChanges } from "./store";
import { copyIsLive, forgetKeptCopy, wipeOfflineCopy } from "./wipe";

// IndexedDB is fake-indexeddb (a fresh device per test); Cache Storage is not in Node, so these
// cover the list and the queue; the pages are covered in e2e/security/offline-copy.spec.ts.

const owner = "user-1";
const view = { todos: [], counts: { total: 0, active: 0 } };
const snapshot = { ...view, owner, filter: "all", savedAt: "2026-01-01T00:00:00.000Z" };
const change = {
  intent: "clear-completed" as const,
  owner,
  at: "2026-01-01T00:00:00.000Z",
};

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe("the offline copy's lifetime", () => {
  it("is live only until its session's expiry", async () => {
    await saveCopyExpiry("2026-02-01T00:00:00.000Z");
    expect(await copyIsLive(Date.parse("2026-01-31T23:59:59.000Z"))).toBe(true);
    expect(await copyIsLive(Date.parse("2026-02-01T00:00:00.000Z"))).toBe(false);
  });

  it("is not live without a recorded expiry, and asking creates no database", async () => {
    expect(await copyIsLive()).toBe(false);
    expect(await indexedDB.databases()).toEqual([]);
    await saveSnapshot(snapshot);
    expect(await copyIsLive()).toBe(false);
  });

  it("a session that may not keep a copy forgets the list and its expiry, but sends what was typed", async () => {
    await saveCopyExpiry("2099-01-01T00:00:00.000Z");
    await saveSnapshot(snapshot);
    await enqueue(change);
    await forgetKeptCopy();
    expect(await loadSnapshot(owner, "all")).toBeUndefined();
    expect(await copyIsLive(0)).toBe(false);
    expect(await waitingChanges(owner)).toHaveLength(1);
  });

  it("a session that ended leaves nothing: list, expiry and queue", async () => {
    await saveCopyExpiry("2099-01-01T00:00:00.000Z");
    await saveSnapshot(snapshot);
    await enqueue(change);
    await wipeOfflineCopy();
    expect(await indexedDB.databases()).toEqual([]);
  });
});
