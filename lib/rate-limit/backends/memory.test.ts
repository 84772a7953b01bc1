import { describe, expect, it } from "vitest";
import { createMemoryLimiter } from "./memory";

function limiterAt(start = 1_000_000) {
  const clock = { now: start };
  const limiter = createMemoryLimiter({
    rules: { r: { limit: 3, windowSeconds: 10 } },
    now: () => clock.now,
  });
  return { limiter, clock };
}

describe("in-memory sliding-window limiter", () => {
  it("allows exactly the limit, then refuses with the time of the next free slot", async () => {
    const { limiter, clock } = limiterAt();
    for (let i = 0; i < 3; i++) expect((await limiter.limit("r", "a")).success).toBe(true);
    clock.now += 4_000;
    const refused = await limiter.limit("r", "a");
    expect(refused).toMatchObject({ success: false, remaining: 0, limit: 3 });
    expect(refused.reset).toBe(1_000_000 + 10_000);
  });

  it("frees each slot exactly one window after it was taken", async () => {
    const { limiter, clock } = limiterAt();
    await limiter.limit("r", "a");
    clock.now += 5_000;
    await limiter.limit("r", "a");
    await limiter.limit("r", "a");
    clock.now += 4_999;
    expect((await limiter.limit("r", "a")).success).toBe(false);
    clock.now += 1;
    expect((await limiter.limit("r", "a")).success).toBe(true);
    expect((await limiter.limit("r", "a")).success).toBe(false);
  });

  it("counts keys and rules separately", async () => {
    const { limiter } = limiterAt();
    for (let i = 0; i < 3; i++) await limiter.limit("r", "a");
    expect((await limiter.limit("r", "b")).success).toBe(true);
  });

  it("refuses an unknown rule loudly", async () => {
    const { limiter } = limiterAt();
    await expect(limiter.limit("nope", "a")).rejects.toThrow(/Unknown rate-limit rule/);
  });
});
