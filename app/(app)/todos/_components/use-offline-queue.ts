"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import type { PendingCommand } from "@/lib/todos/commands";
import type { TodoFilter } from "@/lib/todos/schema";
import type { TodoView } from "@/lib/todos/view";
import { replayQueue } from "../_offline/replay";
import { leaveEndedSession } from "../_offline/session-ended";
import {
  enqueue,
  loadSnapshot,
  OFFLINE_PAGES_CACHE,
  type QueuedChange,
  type Snapshot,
  saveCopyExpiry,
  saveSnapshot,
  waitingChanges,
} from "../_offline/store";
import { copyIsLive, forgetKeptCopy, wipeOfflineCopy } from "../_offline/wipe";

export interface OfflineQueue {
  online: boolean;
  waiting: QueuedChange[];
  /** The list to show before waiting changes: the server's, or offline the last one saved here. */
  base: TodoView;
  /** Changes the server refused on replay, said once. */
  dropped: string[];
  queue: (change: PendingCommand) => Promise<void>;
}

/**
 * Keeps the page's copy for offline use, queues changes made offline and replays them in order.
 * `keepUntil` is the session's expiry when it may keep a copy ("Remember me"), else null: a
 * browser-session sign-in (a shared computer) leaves no list behind when the browser closes.
 */
export function useOfflineQueue(
  owner: string,
  filter: TodoFilter,
  server: TodoView,
  keepUntil: string | null,
): OfflineQueue {
  const router = useRouter();
  const [online, setOnline] = useState(true);
  const [waiting, setWaiting] = useState<QueuedChange[]>([]);
  const [snapshot, setSnapshot] = useState<Snapshot>();
  const [dropped, setDropped] = useState<string[]>([]);
  const replaying = useRef(false);
  // Reads of IndexedDB finish after awaits: a list already gone (or a test torn down) takes no state.
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const setWaitingIfMounted = useCallback((changes: QueuedChange[]) => {
    if (mounted.current) setWaiting(changes);
  }, []);

  const replay = useCallback(async () => {
    if (replaying.current || !navigator.onLine) return;
    replaying.current = true;
    let signedOut = false;
    try {
      const result = await replayQueue(owner, (path, init) => fetch(path, init));
      signedOut = result.signedOut;
      if (signedOut) return await leaveEndedSession();
      if (result.dropped.length > 0) setDropped(result.dropped);
      if (result.sent > 0 || result.dropped.length > 0) router.refresh();
    } finally {
      replaying.current = false;
      // Signed out, the queue is gone: reading it would only create the database again.
      if (!signedOut) setWaitingIfMounted(await waitingChanges(owner));
    }
  }, [owner, router, setWaitingIfMounted]);

  useEffect(() => {
    const goOnline = () => {
      setOnline(true);
      void replay();
    };
    const goOffline = () => {
      setOnline(false);
      void showKeptCopy(owner, filter).then(setSnapshot);
    };
    if (navigator.onLine) void replay();
    else goOffline();
    void waitingChanges(owner).then(setWaitingIfMounted);
    window.addEventListener("online", goOnline);
    window.addEventListener("offline", goOffline);
    return () => {
      window.removeEventListener("online", goOnline);
      window.removeEventListener("offline", goOffline);
    };
  }, [owner, filter, replay, setWaitingIfMounted]);

  // Each list the server sends is the one to open offline; the page itself is kept once, to boot from.
  useEffect(() => {
    if (!navigator.onLine || !keepUntil) return;
    const saved: Snapshot = { ...server, owner, filter, savedAt: new Date().toISOString() };
    void saveCopyExpiry(keepUntil)
      .then(() => saveSnapshot(saved))
      .then(() => setSnapshot(saved));
  }, [server, owner, filter, keepUntil]);

  useEffect(() => {
    void (keepUntil ? keepThisPage(keepUntil) : forgetKeptCopy());
  }, [keepUntil]);

  const queue = useCallback(
    async (change: PendingCommand) => {
      const entry: QueuedChange = { ...change, owner };
      // Shown at once (a checkbox must not flick back while IndexedDB writes).
      setWaiting((current) => [...current, entry]);
      try {
        await enqueue(entry);
      } catch {
        setWaiting((current) => current.filter((waiting) => waiting !== entry));
        setDropped(["this device cannot store changes offline (storage is off or full)"]);
        return;
      }
      void replay();
    },
    [owner, replay],
  );

  return { online, waiting, base: !online && snapshot ? snapshot : server, dropped, queue };
}

/** The last list kept here, unless its session has expired since: then nothing is left of it. */
async function showKeptCopy(owner: string, filter: TodoFilter): Promise<Snapshot | undefined> {
  if (await copyIsLive()) return loadSnapshot(owner, filter);
  await wipeOfflineCopy();
  return undefined;
}

/** Installs the service worker, and keeps this page (until `keepUntil`) so /todos opens offline. */
async function keepThisPage(keepUntil: string): Promise<void> {
  if (!("serviceWorker" in navigator) || !navigator.onLine) return;
  try {
    await navigator.serviceWorker.register("/serwist/sw.js", { scope: "/" });
    await navigator.serviceWorker.ready;
    await saveCopyExpiry(keepUntil);
    const cache = await caches.open(OFFLINE_PAGES_CACHE);
    const page = location.pathname + location.search;
    if (!(await cache.match(page, { ignoreVary: true }))) await cache.add(page);
  } catch {
    // No service worker (private mode, an old browser): the list still works online.
  }
}
