import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

const secret = "s".repeat(32);

describe("environment", () => {
  it("runs a laptop on embedded defaults with only a secret", () => {
    const env = parseEnv({ BETTER_AUTH_SECRET: secret });
    expect(env.BETTER_AUTH_URL).toBe("http://localhost:3000");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PGLITE_DIR).toBe(".data/pglite");
  });

  it("fails at start in a deployment that lacks a production setting, naming it", () => {
    expect(() => parseEnv({ VERCEL: "1", BETTER_AUTH_SECRET: secret })).toThrow(
      /DATABASE_URL, RESEND_API_KEY, EMAIL_FROM, UPSTASH_REDIS_REST_URL, UPSTASH_REDIS_REST_TOKEN/,
    );
    expect(() =>
      parseEnv({
        NODE_ENV: "production",
        BETTER_AUTH_URL: "https://todos.example.com",
        BETTER_AUTH_SECRET: secret,
      }),
    ).toThrow(/Missing production setting/);
  });

  it("treats any production server as a deployment unless it opts into embedded mode", () => {
    expect(() => parseEnv({ NODE_ENV: "production", BETTER_AUTH_SECRET: secret })).toThrow(
      /Missing production setting/,
    );
    expect(() =>
      parseEnv({ NODE_ENV: "production", EMBEDDED_MODE: "1", BETTER_AUTH_SECRET: secret }),
    ).not.toThrow();
  });

  it("refuses a missing or short secret", () => {
    expect(() => parseEnv({})).toThrow(/BETTER_AUTH_SECRET/);
    expect(() => parseEnv({ BETTER_AUTH_SECRET: "short" })).toThrow(/at least 32/);
  });
});
