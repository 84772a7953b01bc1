import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { withRateLimitBackend } from "@/test/rate-limit-backend";
import { checkLimits, RULES, type RuleName, rateLimitHeaders, tooManyAttemptsMessage } from ".";

const backend = withRateLimitBackend();

afterEach(() => {
  vi.useRealTimers();
});

describe(`every rule, on the ${inject("upstash") ? "Upstash" : "in-memory"} limiter`, () => {
  for (const [rule, { limit, windowSeconds }] of Object.entries(RULES) as [
    RuleName,
    (typeof RULES)[RuleName],
  ][]) {
    it(`${rule} trips at ${limit} per ${windowSeconds} s and recovers after its window`, async () => {
      vi.useFakeTimers({ toFake: ["Date"] });
      // Start at a window boundary so Upstash's sliding window carries nothing over.
      const start = Math.ceil(Date.now() / (windowSeconds * 1000)) * windowSeconds * 1000 + 1;
      vi.setSystemTime(start);
      const key = `${backend()}-${rule}-${Math.random()}`;
      for (let i = 0; i < limit; i++) {
        expect((await checkLimits([{ rule, key }]))?.allowed).toBe(true);
      }
      const refused = await checkLimits([{ rule, key }]);
      expect(refused).toMatchObject({ allowed: false, rule, remaining: 0 });
      expect(refused?.retryAfter).toBeGreaterThan(0);
      expect(refused?.retryAfter).toBeLessThanOrEqual(windowSeconds);

      vi.setSystemTime(start + 2 * windowSeconds * 1000);
      expect((await checkLimits([{ rule, key }]))?.allowed).toBe(true);
    });
  }

  it("reports the refusing rule when one of several refuses", async () => {
    const key = `multi-${Math.random()}`;
    for (let i = 0; i < RULES.emailPerAddress.limit; i++) {
      await checkLimits([{ rule: "emailPerAddress", key }]);
    }
    const verdict = await checkLimits([
      { rule: "emailPerIp", key: `ip-${key}` },
      { rule: "emailPerAddress", key },
    ]);
    expect(verdict).toMatchObject({ rule: "emailPerAddress", allowed: false });
  });
});

describe("429 answers", () => {
  it("carry Retry-After and the IETF draft RateLimit headers", () => {
    const headers = rateLimitHeaders({
      rule: "failedPasswordsPerAccount",
      allowed: false,
      limit: 10,
      remaining: 0,
      retryAfter: 42,
    });
    expect(headers).toEqual({
      "RateLimit-Policy": `"failedPasswordsPerAccount";q=10;w=${RULES.failedPasswordsPerAccount.windowSeconds}`,
      RateLimit: '"failedPasswordsPerAccount";r=0;t=42',
      "Retry-After": "42",
    });
    expect(tooManyAttemptsMessage(42)).toBe("Too many attempts. Try again in 42 seconds.");
    expect(tooManyAttemptsMessage(1)).toBe("Too many attempts. Try again in 1 second.");
  });
});
