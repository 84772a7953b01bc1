import { describe, expect, inject, it } from "vitest";
import { FEEDS_PER_ACCOUNT, FEEDS_PER_SESSION } from "@/lib/todos/open-feeds";
import { withTestDatabase } from "@/test/database";
import { switchToAnotherInstance, withFeedBusBackend } from "@/test/feed-bus-backend";
import { signIn as anotherDevice, openFeed, FEED_PASSWORD as PASSWORD } from "@/test/feed-devices";
import { createVerifiedUser } from "@/test/http";

withTestDatabase();
withFeedBusBackend();

async function expectRefused(res: Response) {
  expect(res.status).toBe(429);
  expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
  expect((await res.json()).error).toMatchObject({ code: "too_many_feeds" });
}

describe("an account holding many live feeds open", () => {
  it("is refused past the cap per session, with 429 too_many_feeds, and gets a place back when one closes", async () => {
    const jar = await createVerifiedUser("feed-cap-session@example.com", PASSWORD);
    const feeds = await Promise.all(Array.from({ length: FEEDS_PER_SESSION }, () => openFeed(jar)));
    expect(feeds.map((res) => res.status)).toEqual(feeds.map(() => 200));
    await expectRefused(await openFeed(jar));

    await feeds[0]?.body?.cancel();
    const reopened = await openFeed(jar);
    expect(reopened.status).toBe(200);
    await Promise.all([reopened, ...feeds.slice(1)].map((res) => res.body?.cancel()));
  });

  it("is refused past the cap per account, however many sessions it spreads them over", async () => {
    const email = "feed-cap-account@example.com";
    const first = await createVerifiedUser(email, PASSWORD);
    const devices = [first];
    while (devices.length * FEEDS_PER_SESSION < FEEDS_PER_ACCOUNT)
      devices.push(await anotherDevice(email));
    const feeds = await Promise.all(
      devices.flatMap((jar) => Array.from({ length: FEEDS_PER_SESSION }, () => openFeed(jar))),
    );
    expect(feeds.filter((res) => res.status === 200)).toHaveLength(FEEDS_PER_ACCOUNT);
    await expectRefused(await openFeed(await anotherDevice(email)));

    // Another account is not held back by this one.
    const other = await openFeed(await createVerifiedUser("feed-cap-other@example.com", PASSWORD));
    expect(other.status).toBe(200);
    await Promise.all([other, ...feeds].map((res) => res.body?.cancel()));
  });

  // Each instance once counted only its own feeds: N instances let an account hold N times the cap.
  it.runIf(inject("upstash"))(
    "is refused past the cap when it spreads its feeds over instances",
    async () => {
      const jar = await createVerifiedUser("feed-cap-instances@example.com", PASSWORD);
      const half = FEEDS_PER_SESSION / 2;
      const first = await Promise.all(Array.from({ length: half }, () => openFeed(jar)));
      switchToAnotherInstance();
      const second = await Promise.all(Array.from({ length: half }, () => openFeed(jar)));
      expect([...first, ...second].map((res) => res.status)).toEqual(
        Array.from({ length: FEEDS_PER_SESSION }, () => 200),
      );
      switchToAnotherInstance();
      await expectRefused(await openFeed(jar));
      await Promise.all([...first, ...second].map((res) => res.body?.cancel()));
    },
  );
});
