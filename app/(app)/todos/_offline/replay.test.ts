import "fake-indexeddb/auto";
import { IDBFactory } from "fake-indexeddb";
import { openDB } from "idb";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auth } from "@/lib/auth";
import { withTestDatabase } from "@/test/database";
import { type CookieJar, createVerifiedUser, request } from "@/test/http";
import { DELETE as deleteOne, PATCH } from "../../../api/todos/[id]/route";
import { DELETE as clearCompleted, GET, POST } from "../../../api/todos/route";
import { POST as toggleAll } from "../../../api/todos/toggle-all/route";
import { replayQueue, type Send } from "./replay";
import { enqueue, loadSnapshot, OFFLINE_DB_NAME, saveSnapshot, waitingChanges } from "./store";
import { wipeOfflineCopy } from "./wipe";

// The queue lives in IndexedDB (fake-indexeddb, one factory per device) and replays through the
// real REST handlers on a real database: only the network between them is simulated.

withTestDatabase();

type Handler = (request: Request, route: { params: Promise<{ id: string }> }) => Promise<Response>;

/** The network to the server, for one signed-in device: routes each request to its handler. */
function network(jar: CookieJar): Send {
  return async (path, init) => {
    const url = new URL(path, "http://localhost:3000");
    const id = /^\/api\/todos\/([^/]+)$/.exec(url.pathname)?.[1];
    const handler = ((): Handler | undefined => {
      if (url.pathname === "/api/todos/toggle-all") return toggleAll as Handler;
      if (id) return (init.method === "DELETE" ? deleteOne : PATCH) as Handler;
      return (init.method === "DELETE" ? clearCompleted : POST) as Handler;
    })();
    if (!handler) throw new Error(`no route for ${path}`);
    const headers = new Headers(init.headers);
    return handler(await request(path, { ...init, headers, jar }), {
      params: Promise.resolve({ id: id ?? "" }),
    });
  };
}

/** A network that drops after `n` requests: before the server saw the next one, or just after. */
function dropsAfter(send: Send, n: number, answerLost = false): Send {
  let calls = 0;
  return async (path, init) => {
    calls += 1;
    if (calls > n) {
      if (answerLost && calls === n + 1) await send(path, init);
      throw new TypeError("Failed to fetch");
    }
    return send(path, init);
  };
}

let alice: CookieJar;
let owner: string;
const device = () => {
  globalThis.indexedDB = new IDBFactory();
};

async function titles(jar: CookieJar) {
  const res = await GET(await request("/api/todos?limit=200", { jar }), {
    params: Promise.resolve({}),
  });
  return ((await res.json()).todos as { title: string; completed: boolean }[]).map(
    (todo) => `${todo.title}${todo.completed ? " ✓" : ""}`,
  );
}

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

beforeAll(async () => {
  alice = await createVerifiedUser("offline-alice@example.com");
  const session = await auth().api.getSession({ headers: new Headers({ cookie: alice.header() }) });
  owner = session?.user.id ?? "";
});

beforeEach(async () => {
  device();
  const res = await clearCompleted(
    await request("/api/todos?completed=true", { method: "DELETE", jar: alice }),
    { params: Promise.resolve({}) },
  );
  expect(res.ok).toBe(true);
  await toggleAll(
    await request("/api/todos/toggle-all", {
      method: "POST",
      jar: alice,
      json: { completed: true },
    }),
    { params: Promise.resolve({}) },
  );
  await clearCompleted(
    await request("/api/todos?completed=true", { method: "DELETE", jar: alice }),
    {
      params: Promise.resolve({}),
    },
  );
});

function created(title: string, at: string) {
  const id = crypto.randomUUID();
  return {
    id,
    change: {
      intent: "create" as const,
      owner,
      at,
      id,
      title,
    },
  };
}

describe("the offline queue", () => {
  it("keeps changes in the order they were made, for their own user only", async () => {
    await enqueue({ intent: "clear-completed", owner, at: ago(3) });
    await enqueue({ intent: "toggle-all", completed: true, owner: "someone-else", at: ago(2) });
    await enqueue({ intent: "toggle-all", completed: false, owner, at: ago(1) });
    const waiting = await waitingChanges(owner);
    expect(waiting.map((change) => change.intent)).toEqual(["clear-completed", "toggle-all"]);
    expect(await waitingChanges("someone-else")).toEqual([]);
  });

  it("replays creates and edits in order once the connection returns", async () => {
    const milk = created("Buy milk", ago(30));
    await enqueue(milk.change);
    await enqueue({ intent: "rename", id: milk.id, title: "Buy oat milk", owner, at: ago(20) });
    await enqueue({ intent: "toggle", id: milk.id, completed: true, owner, at: ago(10) });
    expect(await replayQueue(owner, network(alice))).toMatchObject({
      sent: 3,
      left: 0,
      dropped: [],
    });
    expect(await titles(alice)).toEqual(["Buy oat milk ✓"]);
    expect(await waitingChanges(owner)).toEqual([]);
  });

  it("loses nothing and duplicates nothing when the network drops in the middle of a replay", async () => {
    const a = created("first", ago(30));
    const b = created("second", ago(29));
    await enqueue(a.change);
    await enqueue(b.change);
    await enqueue({ intent: "rename", id: b.id, title: "second, renamed", owner, at: ago(20) });
    // The second create reaches the server, but its answer never comes back.
    const cut = await replayQueue(owner, dropsAfter(network(alice), 1, true));
    expect(cut).toMatchObject({ sent: 1, left: 2 });
    expect(await waitingChanges(owner)).toHaveLength(2);
    const resumed = await replayQueue(owner, network(alice));
    expect(resumed).toMatchObject({ sent: 2, left: 0 });
    expect(await titles(alice)).toEqual(["first", "second, renamed"]);
  });

  it("two devices edited one todo offline: the same result whichever comes back first", async () => {
    for (const order of ["phone first", "laptop first"]) {
      const shared = created(`shared ${order}`, ago(60));
      device();
      await enqueue(shared.change);
      await replayQueue(owner, network(alice));
      const phone = new IDBFactory();
      const laptop = new IDBFactory();
      globalThis.indexedDB = phone;
      await enqueue({ intent: "rename", id: shared.id, title: "phone title", owner, at: ago(30) });
      await enqueue({ intent: "toggle", id: shared.id, completed: true, owner, at: ago(25) });
      globalThis.indexedDB = laptop;
      await enqueue({ intent: "rename", id: shared.id, title: "laptop title", owner, at: ago(20) });
      for (const factory of order === "phone first" ? [phone, laptop] : [laptop, phone]) {
        globalThis.indexedDB = factory;
        await replayQueue(owner, network(alice));
      }
      expect(await titles(alice), order).toContain("laptop title ✓");
      await clearCompleted(
        await request("/api/todos?completed=true", { method: "DELETE", jar: alice }),
        {
          params: Promise.resolve({}),
        },
      );
    }
  });

  it("treats a todo deleted elsewhere as done, and drops a change the server refuses", async () => {
    await enqueue({ intent: "rename", id: crypto.randomUUID(), title: "gone", owner, at: ago(5) });
    await enqueue({ intent: "rename", id: crypto.randomUUID(), title: " ", owner, at: ago(4) });
    const result = await replayQueue(owner, network(alice));
    expect(result.left).toBe(0);
    expect(result.dropped).toEqual(["Title cannot be empty"]);
  });

  it("replays what the previous version of the app queued ({type, todo}) as the same changes", async () => {
    const id = crypto.randomUUID();
    const at = ago(30);
    const old = await openDB(OFFLINE_DB_NAME, 2, {
      upgrade(db) {
        db.createObjectStore("queue", { keyPath: "seq", autoIncrement: true });
        db.createObjectStore("snapshots", { keyPath: ["owner", "filter"] });
        db.createObjectStore("expiry");
      },
    });
    const todo = { id, title: "queued before", completed: false, createdAt: at, updatedAt: at };
    await old.add("queue", { type: "create", todo, owner, at });
    await old.add("queue", { type: "toggle", id, completed: true, owner, at: ago(20) });
    old.close();
    expect(await replayQueue(owner, network(alice))).toMatchObject({ sent: 2, dropped: [] });
    expect(await titles(alice)).toEqual(["queued before ✓"]);
  });

  it("stops, keeping the queue, when the device was signed out", async () => {
    await enqueue(created("after sign-out", ago(5)).change);
    const signedOut: Send = async () => new Response(null, { status: 401 });
    expect(await replayQueue(owner, signedOut)).toMatchObject({ signedOut: true, left: 1 });
    expect(await waitingChanges(owner)).toHaveLength(1);
  });

  it("keeps the last list per user and filter, and sign-out deletes it with the queue", async () => {
    const view = { todos: [], counts: { total: 0, active: 0 } };
    await saveSnapshot({ ...view, owner, filter: "all", savedAt: ago(0) });
    await enqueue(created("waiting", ago(1)).change);
    expect(await loadSnapshot(owner, "all")).toMatchObject({ owner, filter: "all" });
    expect(await loadSnapshot("someone-else", "all")).toBeUndefined();
    await wipeOfflineCopy();
    expect(await loadSnapshot(owner, "all")).toBeUndefined();
    expect(await waitingChanges(owner)).toEqual([]);
  });
});
