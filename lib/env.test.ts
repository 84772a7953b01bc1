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

  it("refuses a half-set sign-in provider anywhere, naming the missing variable", () => {
    expect(() => parseEnv({ BETTER_AUTH_SECRET: secret, GOOGLE_CLIENT_ID: "id" })).toThrow(
      /missing: GOOGLE_CLIENT_SECRET \(GOOGLE_CLIENT_ID is set\)/,
    );
    expect(() => parseEnv({ BETTER_AUTH_SECRET: secret, GITHUB_CLIENT_SECRET: "s" })).toThrow(
      /GITHUB_CLIENT_ID/,
    );
    expect(() =>
      parseEnv({
        BETTER_AUTH_SECRET: secret,
        OIDC_DISCOVERY_URL: "https://idp.example.com/.well-known/openid-configuration",
        OIDC_CLIENT_ID: "id",
        OIDC_CLIENT_SECRET: "s",
      }),
    ).toThrow(/missing: OIDC_PROVIDER_NAME/);
  });

  it("runs with no provider, or with whole ones", () => {
    expect(() => parseEnv({ BETTER_AUTH_SECRET: secret })).not.toThrow();
    expect(() =>
      parseEnv({
        BETTER_AUTH_SECRET: secret,
        GOOGLE_CLIENT_ID: "id",
        GOOGLE_CLIENT_SECRET: "s",
        OIDC_DISCOVERY_URL: "http://127.0.0.1:9/.well-known/openid-configuration",
        OIDC_CLIENT_ID: "id",
        OIDC_CLIENT_SECRET: "s",
        OIDC_PROVIDER_NAME: "Company",
      }),
    ).not.toThrow();
  });

  it("refuses an OIDC discovery URL over plain http in a deployment", () => {
    expect(() =>
      parseEnv({
        VERCEL: "1",
        BETTER_AUTH_SECRET: secret,
        DATABASE_URL: "postgres://x",
        RESEND_API_KEY: "k",
        EMAIL_FROM: "a@example.com",
        UPSTASH_REDIS_REST_URL: "https://r.example.com",
        UPSTASH_REDIS_REST_TOKEN: "t",
        OIDC_DISCOVERY_URL: "http://idp.example.com/.well-known/openid-configuration",
        OIDC_CLIENT_ID: "id",
        OIDC_CLIENT_SECRET: "s",
        OIDC_PROVIDER_NAME: "Company",
      }),
    ).toThrow(/OIDC_DISCOVERY_URL must be an https URL/);
  });
});
