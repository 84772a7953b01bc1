import { randomBytes } from "node:crypto";
import type { KyselyPlugin } from "kysely";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { reportNotMe } from "@/lib/activity/not-me";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/sessions/actor";
import { revokeDevice } from "@/lib/sessions/queries";
import { applyCommand } from "@/lib/todos/apply-command";
import { readFeedState } from "@/lib/todos/change-version";
import { feedStream } from "@/lib/todos/feed";
import { endedSessionHooks } from "@/lib/todos/feed-publish";
import { createUpstashFeedBus } from "@/lib/todos/feed-upstash";
import { startUpstashRest } from "@/scripts/upstash-redis-rest";
import { withTestDatabase } from "@/test/database";
import { installFeedBus, withFeedBusBackend } from "@/test/feed-bus-backend";
import { actorOf, FEED_PASSWORD as PASSWORD, signIn } from "@/test/feed-devices";
import { eventReader, type FeedEvent } from "@/test/feed-events";
import { createVerifiedUser } from "@/test/http";
import { installDatabase } from "@/test/process-state";

// One suite for both backends: the in-process emitter, and Upstash's client through the local
// REST server in front of the real Redis (TEST_REDIS_URL set, as in CI).
withTestDatabase();
const backend = withFeedBusBackend();

/** A fallback poll that would show in any test that waits: the bus must do the work instead. */
const NEVER = 3_600_000;

async function anotherDevice(email: string): Promise<Actor> {
  return actorOf(await signIn(email));
}

/** Counts the statements the app sends from now on; stop() puts the plain database back. */
function countStatements() {
  const plain = db();
  let count = 0;
  const counter: KyselyPlugin = {
    transformQuery: ({ node }) => {
      count += 1;
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  installDatabase(plain.withPlugin(counter));
  return { count: () => count, stop: () => installDatabase(plain) };
}

let alice: Actor;
let bob: Actor;

beforeAll(async () => {
  alice = await actorOf(await createVerifiedUser("bus-alice@example.com", PASSWORD));
  bob = await actorOf(await createVerifiedUser("bus-bob@example.com", PASSWORD));
});

afterEach(() => vi.restoreAllMocks());

describe(`the live feed on the ${backend()} bus`, () => {
  it("hears a committed change at once, with the new version, and holds no poll", async () => {
    const feed = eventReader(feedStream(alice, undefined, { pollMs: NEVER }));
    expect(await feed.next()).toMatchObject({ event: "version", data: { live: true } });
    await applyCommand(alice, { intent: "create", title: "pushed" });
    const change = await feed.next();
    expect(change).toMatchObject({ event: "change", data: { live: true } });
    expect((change as FeedEvent).id).toBe((await readFeedState(alice)).version);
    await feed.cancel();
  });

  it("runs no SQL while idle, and one read per connection (the catch-up)", async () => {
    const { version } = await readFeedState(alice);
    await applyCommand(alice, { intent: "create", title: "made while no feed was open" });
    const statements = countStatements();
    try {
      const feed = eventReader(feedStream(alice, version, { pollMs: 50 }));
      expect(await feed.next()).toMatchObject({ event: "change" });
      expect(statements.count()).toBe(1);
      expect(await feed.next(1500)).toBe("timeout");
      expect(statements.count()).toBe(1);
      await feed.cancel();
    } finally {
      statements.stop();
    }
  });

  it("keeps one user's changes from another user's feed", async () => {
    const bobFeed = eventReader(feedStream(bob, undefined, { pollMs: NEVER }));
    const aliceFeed = eventReader(feedStream(alice, undefined, { pollMs: NEVER }));
    expect(await bobFeed.next()).toMatchObject({ event: "version" });
    expect(await aliceFeed.next()).toMatchObject({ event: "version" });
    await applyCommand(alice, { intent: "create", title: "alice only" });
    expect(await aliceFeed.next()).toMatchObject({ event: "change" });
    expect(await bobFeed.next(500)).toBe("timeout");
    await applyCommand(bob, { intent: "create", title: "bob's own" });
    expect(await bobFeed.next()).toMatchObject({ event: "change" });
    await aliceFeed.cancel();
    await bobFeed.cancel();
  });

  it("ends the feed of a device signed out from another device, and only that one", async () => {
    const phone = await anotherDevice("bus-alice@example.com");
    const phoneFeed = eventReader(feedStream(phone, undefined, { pollMs: NEVER }));
    const laptopFeed = eventReader(feedStream(alice, undefined, { pollMs: NEVER }));
    expect(await phoneFeed.next()).toMatchObject({ event: "version" });
    expect(await laptopFeed.next()).toMatchObject({ event: "version" });
    expect(await revokeDevice(alice, phone.sessionId)).toBe(true);
    expect(await phoneFeed.next()).toMatchObject({ event: "signed-out" });
    expect(await phoneFeed.next()).toBe("end");
    expect(await laptopFeed.next(500)).toBe("timeout");
    await laptopFeed.cancel();
  });

  it('ends every feed of the account on "This wasn\'t me"', async () => {
    const carol = await actorOf(await createVerifiedUser("bus-carol@example.com", PASSWORD));
    const tablet = await anotherDevice("bus-carol@example.com");
    const feeds = [carol, tablet].map((actor) =>
      eventReader(feedStream(actor, undefined, { pollMs: NEVER })),
    );
    for (const feed of feeds) expect(await feed.next()).toMatchObject({ event: "version" });
    await reportNotMe(tablet, undefined, new Headers());
    for (const feed of feeds) {
      expect(await feed.next()).toMatchObject({ event: "signed-out" });
      expect(await feed.next()).toBe("end");
    }
  });

  it("ends the feed of a session Better Auth deleted, through the hook lib/auth/index.ts passes on", async () => {
    const phone = await anotherDevice("bus-bob@example.com");
    const feed = eventReader(feedStream(phone, undefined, { pollMs: NEVER }));
    expect(await feed.next()).toMatchObject({ event: "version" });
    await db().deleteFrom("session").where("id", "=", phone.sessionId).execute();
    await endedSessionHooks.session.delete.after({ id: phone.sessionId, userId: phone.userId });
    expect(await feed.next()).toMatchObject({ event: "signed-out" });
    expect(await feed.next()).toBe("end");
  });

  it("reports a session revoked while no feed was open on the next connection (the catch-up)", async () => {
    const phone = await anotherDevice("bus-bob@example.com");
    await db().deleteFrom("session").where("id", "=", phone.sessionId).execute();
    const feed = eventReader(feedStream(phone, "0", { pollMs: NEVER }));
    expect(await feed.next()).toMatchObject({ event: "signed-out" });
    expect(await feed.next()).toBe("end");
  });
});

describe("the live feed with Redis unreachable", () => {
  it("polls slowly instead, says so in the log, and the writes still succeed", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    // Nothing listens on this port of the run's range: every call fails to connect.
    installFeedBus(
      createUpstashFeedBus({
        url: "http://127.0.0.1:4799",
        token: "t",
        prefix: "x",
        timeoutMs: 500,
      }),
    );
    try {
      const feed = eventReader(feedStream(alice, undefined, { pollMs: 50 }));
      expect(await feed.next()).toMatchObject({ event: "version" });
      expect(logged).toHaveBeenCalledWith(
        "Live feed cannot subscribe; polling:",
        expect.anything(),
      );
      await applyCommand(alice, { intent: "create", title: "made during the outage" });
      expect(logged).toHaveBeenCalledWith("Live feed publish failed:", expect.anything());
      expect(await feed.next()).toMatchObject({ event: "change" });
      await feed.cancel();
    } finally {
      installFeedBus();
    }
  });
});

describe.runIf(process.env.TEST_REDIS_URL)("the live feed when its Redis stream drops", () => {
  it("notices, reconnects, and still delivers a change made meanwhile", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const token = randomBytes(8).toString("hex");
    // A stand-in of this test's own, whose streams it can cut.
    const rest = await startUpstashRest({ redisUrl: process.env.TEST_REDIS_URL ?? "", token });
    const prefix = `feed-drop-${randomBytes(4).toString("hex")}`;
    installFeedBus(createUpstashFeedBus({ url: rest.url, token, prefix, timeoutMs: 10_000 }));
    try {
      const feed = eventReader(feedStream(alice, undefined, { pollMs: NEVER }));
      expect(await feed.next()).toMatchObject({ event: "version" });
      rest.dropStreams();
      await applyCommand(alice, { intent: "create", title: "made while the stream was down" });
      expect(await feed.next(10_000)).toMatchObject({ event: "change" });
      expect(logged).toHaveBeenCalledWith(
        "Live feed lost its subscription; polling until it is back",
      );
      await feed.cancel();
    } finally {
      installFeedBus();
      await rest.close();
    }
  });
});
