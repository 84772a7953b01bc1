import { beforeAll, describe, expect, it } from "vitest";
import { auth } from "@/lib/auth";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/sessions/actor";
import { readFeedState } from "@/lib/todos/change-version";
import { feedStream } from "@/lib/todos/feed";
import { withTestDatabase } from "@/test/database";
import { eventReader, type FeedEvent } from "@/test/feed-events";
import { type CookieJar, callAuth, createVerifiedUser, request } from "@/test/http";
import { DELETE as deleteOne, PATCH } from "../[id]/route";
import { DELETE as clearCompleted, POST } from "../route";
import { POST as toggleAll } from "../toggle-all/route";
import { GET } from "./route";

withTestDatabase();

const noParams = { params: Promise.resolve({}) };
const withId = (id: string) => ({ params: Promise.resolve({ id }) });

async function actorOf(jar: CookieJar): Promise<Actor> {
  const session = await auth().api.getSession({ headers: new Headers({ cookie: jar.header() }) });
  if (!session) throw new Error("not signed in");
  return { userId: session.user.id, sessionId: session.session.id };
}

async function createTodo(jar: CookieJar, title: string): Promise<{ id: string }> {
  const res = await POST(
    await request("/api/todos", { method: "POST", jar, json: { title } }),
    noParams,
  );
  expect(res.status).toBe(201);
  return res.json();
}

let alice: CookieJar;
let bob: CookieJar;

beforeAll(async () => {
  alice = await createVerifiedUser("feed-alice@example.com");
  bob = await createVerifiedUser("feed-bob@example.com");
});

describe("GET /api/todos/feed", () => {
  it("answers 401 in the API's error shape without a session", async () => {
    const res = await GET(await request("/api/todos/feed"), noParams);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("unauthorized");
  });

  it("serves a non-browser device with a bearer access JWT, and refuses its session token", async () => {
    const device = await createVerifiedUser("feed-bearer@example.com");
    const sessionToken = device.cookies.get("better-auth.session_token") ?? "";
    const minted = await callAuth("/token", {
      headers: { authorization: `Bearer ${sessionToken}` },
    });
    const { token } = (await minted.json()) as { token: string };
    const res = await GET(
      await request("/api/todos/feed", { headers: { authorization: `Bearer ${token}` } }),
      noParams,
    );
    expect(res.status).toBe(200);
    const events = eventReader(res.body as ReadableStream<Uint8Array>);
    expect(await events.next()).toMatchObject({ event: "version", data: { live: true } });
    await events.cancel();
    const refused = await GET(
      await request("/api/todos/feed", { headers: { authorization: `Bearer ${sessionToken}` } }),
      noParams,
    );
    expect(refused.status).toBe(401);
  });

  it("never renews an expired access JWT itself (that would rotate the session mid-stream)", async () => {
    const expired = new Map(alice.cookies);
    expired.delete("better-auth.session_data");
    const cookie = [...expired].map(([name, value]) => `${name}=${value}`).join("; ");
    const res = await GET(await request("/api/todos/feed", { headers: { cookie } }), noParams);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("access_expired");
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("refuses a since or Last-Event-ID that is not a version, with a field message", async () => {
    for (const init of [
      { path: "/api/todos/feed?since=abc" },
      { path: "/api/todos/feed", lastEventId: "1;drop" },
    ]) {
      const res = await GET(
        await request(init.path, {
          jar: alice,
          headers: init.lastEventId ? { "last-event-id": init.lastEventId } : {},
        }),
        noParams,
      );
      expect(res.status).toBe(400);
      expect((await res.json()).error.fields.since).toMatch(/change version/);
    }
  });

  it("streams events and reports the current version first when the page sent none", async () => {
    const res = await GET(await request("/api/todos/feed", { jar: alice }), noParams);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = eventReader(res.body as ReadableStream<Uint8Array>);
    const first = await events.next();
    expect(first).toMatchObject({ event: "version", data: { live: true } });
    await events.cancel();
  });

  it("resumes from Last-Event-ID: a change made while disconnected is reported at once", async () => {
    const { version } = await readFeedState(await actorOf(alice));
    await createTodo(alice, "made while the feed was closed");
    const res = await GET(
      await request("/api/todos/feed", { jar: alice, headers: { "last-event-id": version } }),
      noParams,
    );
    const events = eventReader(res.body as ReadableStream<Uint8Array>);
    const first = await events.next();
    expect(first).toMatchObject({ event: "change" });
    expect(BigInt((first as FeedEvent).id ?? 0)).toBeGreaterThan(BigInt(version));
    await events.cancel();
  });
});

describe("the live feed", () => {
  it("reports every kind of change to its own user, and not one of them to another user", async () => {
    const aliceFeed = eventReader(feedStream(await actorOf(alice), undefined, { pollMs: 20 }));
    const bobFeed = eventReader(feedStream(await actorOf(bob), undefined, { pollMs: 20 }));
    expect(await aliceFeed.next()).toMatchObject({ event: "version" });
    expect(await bobFeed.next()).toMatchObject({ event: "version" });

    const todo = await createTodo(alice, "live");
    const writes: (() => Promise<Response>)[] = [
      async () =>
        PATCH(
          await request(`/api/todos/${todo.id}`, {
            method: "PATCH",
            jar: alice,
            json: { title: "renamed" },
          }),
          withId(todo.id),
        ),
      async () =>
        PATCH(
          await request(`/api/todos/${todo.id}`, {
            method: "PATCH",
            jar: alice,
            json: { completed: true },
          }),
          withId(todo.id),
        ),
      async () =>
        toggleAll(
          await request("/api/todos/toggle-all", {
            method: "POST",
            jar: alice,
            json: { completed: false },
          }),
          noParams,
        ),
      async () =>
        toggleAll(
          await request("/api/todos/toggle-all", {
            method: "POST",
            jar: alice,
            json: { completed: true },
          }),
          noParams,
        ),
      async () =>
        clearCompleted(
          await request("/api/todos?completed=true", { method: "DELETE", jar: alice }),
          noParams,
        ),
    ];
    expect(await aliceFeed.next()).toMatchObject({ event: "change" });
    for (const write of writes) {
      expect((await write()).ok).toBe(true);
      expect(await aliceFeed.next(), String(write)).toMatchObject({ event: "change" });
    }
    const doomed = await createTodo(alice, "to delete");
    expect(await aliceFeed.next()).toMatchObject({ event: "change" });
    expect(
      (
        await deleteOne(
          await request(`/api/todos/${doomed.id}`, { method: "DELETE", jar: alice }),
          withId(doomed.id),
        )
      ).status,
    ).toBe(204);
    expect(await aliceFeed.next()).toMatchObject({ event: "change" });

    // Bob's feed polled throughout and saw nothing; his own write still reaches him.
    expect(await bobFeed.next(200)).toBe("timeout");
    await createTodo(bob, "bob's own");
    expect(await bobFeed.next()).toMatchObject({ event: "change" });
    await aliceFeed.cancel();
    await bobFeed.cancel();
  });

  it("a write that changes nothing (another user's todo) moves no counter", async () => {
    const todo = await createTodo(bob, "bob's secret");
    const before = await readFeedState(await actorOf(alice));
    const res = await PATCH(
      await request(`/api/todos/${todo.id}`, {
        method: "PATCH",
        jar: alice,
        json: { title: "stolen" },
      }),
      withId(todo.id),
    );
    expect(res.status).toBe(404);
    expect(await readFeedState(await actorOf(alice))).toEqual(before);
  });

  it("hears a write made in this process at once, long before its next poll", async () => {
    const feed = eventReader(feedStream(await actorOf(alice), undefined, { pollMs: 60_000 }));
    const other = eventReader(feedStream(await actorOf(bob), undefined, { pollMs: 60_000 }));
    expect(await feed.next()).toMatchObject({ event: "version" });
    expect(await other.next()).toMatchObject({ event: "version" });
    await createTodo(alice, "woken");
    expect(await feed.next(2000)).toMatchObject({ event: "change" });
    expect(await other.next(300)).toBe("timeout");
    await feed.cancel();
    await other.cancel();
  });

  it("tells a device it was signed out elsewhere, then ends", async () => {
    const phone = await createVerifiedUser("feed-carol@example.com");
    const feed = eventReader(feedStream(await actorOf(phone), undefined, { pollMs: 20 }));
    expect(await feed.next()).toMatchObject({ event: "version" });
    expect((await callAuth("/sign-out", { method: "POST", jar: phone })).ok).toBe(true);
    expect(await feed.next()).toMatchObject({ event: "signed-out" });
    expect(await feed.next()).toBe("end");
  });

  it("ends each response by its deadline, so the browser reconnects before the host cuts it", async () => {
    const feed = eventReader(
      feedStream(await actorOf(alice), undefined, { pollMs: 20, durationMs: 100 }),
    );
    expect(await feed.next()).toMatchObject({ event: "version" });
    expect(await feed.next(2000)).toBe("end");
  });

  it("lets a user with todos be deleted (the counter goes with the account)", async () => {
    const dave = await createVerifiedUser("feed-dave@example.com");
    await createTodo(dave, "one");
    const { userId } = await actorOf(dave);
    await db().deleteFrom("user").where("id", "=", userId).execute();
    const left = await db()
      .selectFrom("todo_change_version")
      .selectAll()
      .where("user_id", "=", userId)
      .execute();
    expect(left).toEqual([]);
  });
});
