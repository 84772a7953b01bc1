import { beforeAll, describe, expect, it } from "vitest";
import { revokeDevice } from "@/lib/sessions/queries";
import { applyCommand } from "@/lib/todos/apply-command";
import { feedChannel } from "@/lib/todos/feed-bus";
import { withTestDatabase } from "@/test/database";
import { withFeedBusBackend } from "@/test/feed-bus-backend";
import { actorOf, openFeed, FEED_PASSWORD as PASSWORD, signIn } from "@/test/feed-devices";
import { eventReader } from "@/test/feed-events";
import { type CookieJar, createVerifiedUser } from "@/test/http";

// The feed's channel is named on the server from the session: nothing a device sends picks it.
withTestDatabase();
withFeedBusBackend();

let alice: CookieJar;
let mallory: CookieJar;

beforeAll(async () => {
  alice = await createVerifiedUser("iso-alice@example.com", PASSWORD);
  mallory = await createVerifiedUser("iso-mallory@example.com", PASSWORD);
});

describe("a device asking for another user's live feed", () => {
  it("hears nothing of the other user's changes, whatever it names in the request", async () => {
    const victim = await actorOf(alice);
    const channel = feedChannel("rl", victim.userId);
    const query = new URLSearchParams({
      user: victim.userId,
      userId: victim.userId,
      channel,
      session: victim.sessionId,
    });
    const res = await openFeed(
      mallory,
      { headers: { "x-user-id": victim.userId, "x-channel": channel } },
      `/api/todos/feed?${query}`,
    );
    expect(res.status).toBe(200);
    const feed = eventReader(res.body as ReadableStream<Uint8Array>);
    expect(await feed.next()).toMatchObject({ event: "version", data: { live: true } });
    await applyCommand(victim, { intent: "create", title: "alice's secret" });
    await applyCommand(victim, { intent: "toggle-all", completed: true });
    expect(await feed.next(1000)).toBe("timeout");
    await feed.cancel();
  });
});

describe("a revoked device's live feed", () => {
  it("says signed-out and ends, and the device cannot open another", async () => {
    const phone = await signIn("iso-alice@example.com");
    const phoneActor = await actorOf(phone);
    const res = await openFeed(phone);
    const feed = eventReader(res.body as ReadableStream<Uint8Array>);
    expect(await feed.next()).toMatchObject({ event: "version" });
    expect(await revokeDevice(await actorOf(alice), phoneActor.sessionId)).toBe(true);
    expect(await feed.next()).toMatchObject({ event: "signed-out" });
    expect(await feed.next()).toBe("end");
    const again = await openFeed(phone);
    // Its access JWT outlives the session for a few minutes: the catch-up read turns it away.
    expect(again.status).toBe(200);
    const reopened = eventReader(again.body as ReadableStream<Uint8Array>);
    expect(await reopened.next()).toMatchObject({ event: "signed-out" });
    expect(await reopened.next()).toBe("end");
  });
});
