import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PRODUCTION, REPO, runTsx, SECRET } from "./spawn-env";

const RUNNER = join(REPO, "test/security/deployment/run-register.ts");
const SERVES = "register returned";

/** instrumentation.ts register(), as `next start` (NODE_ENV=production) runs it, with `env` only. */
function start(env: Record<string, string>, nodeEnv = "production") {
  return runTsx(RUNNER, [], { NEXT_RUNTIME: "nodejs", NODE_ENV: nodeEnv, ...env });
}

function expectRefused(outcome: ReturnType<typeof start>, ...named: RegExp[]) {
  expect(outcome.status, outcome.output).not.toBe(0);
  expect(outcome.output).not.toContain(SERVES);
  expect(outcome.output).toContain("Refusing to start");
  for (const name of named) expect(outcome.output).toMatch(name);
}

describe("a deployment refuses to start, at start, without its production settings", () => {
  it("on Vercel with only a secret, naming every missing setting", () => {
    expectRefused(
      start({ VERCEL: "1", BETTER_AUTH_SECRET: SECRET }),
      /DATABASE_URL, RESEND_API_KEY, EMAIL_FROM, UPSTASH_REDIS_REST_URL, UPSTASH_REDIS_REST_TOKEN/,
    );
  });

  it("behind a proxy with BETTER_AUTH_URL unset or localhost: still a deployment, not a laptop", () => {
    for (const url of [undefined, "http://localhost:3000", "http://127.0.0.1:8080"]) {
      const outcome = start({ BETTER_AUTH_SECRET: SECRET, ...(url && { BETTER_AUTH_URL: url }) });
      expectRefused(outcome, /DATABASE_URL/, /RESEND_API_KEY/, /UPSTASH_REDIS_REST_URL/);
      expect(outcome.output).toMatch(/CLIENT_IP_HEADER/);
    }
  });

  it.each(Object.keys(PRODUCTION).filter((name) => name !== "BETTER_AUTH_URL"))(
    "without %s alone, naming it",
    (name) => {
      const env = { ...PRODUCTION };
      delete env[name];
      expectRefused(start(env), new RegExp(name));
    },
  );

  it("serves with every setting (the client-IP header defaults to Vercel's x-real-ip only there)", () => {
    expect(start(PRODUCTION).output).toContain(SERVES);
    const { CLIENT_IP_HEADER: _, ...onVercel } = PRODUCTION;
    expect(start({ ...onVercel, VERCEL: "1" }).output).toContain(SERVES);
  });

  it.each([
    ["NEON_WS_PROXY", "127.0.0.1:5488"],
    ["PWNED_PASSWORDS_URL", "off"],
  ])("refuses the benchmark/test switch %s", (name, value) => {
    expectRefused(start({ ...PRODUCTION, [name]: value }), new RegExp(name));
  });
});

describe("embedded mode is an explicit opt-in for this machine only", () => {
  const embedded = { EMBEDDED_MODE: "1", BETTER_AUTH_SECRET: SECRET };

  it("next start on loopback with EMBEDDED_MODE=1 serves on the embedded defaults", () => {
    expect(start({ ...embedded, LISTEN_HOST: "127.0.0.1" }).output).toContain(SERVES);
  });

  it("is refused on Vercel and with a public BETTER_AUTH_URL", () => {
    expectRefused(start({ ...embedded, VERCEL: "1" }), /EMBEDDED_MODE/);
    expectRefused(
      start({ ...embedded, BETTER_AUTH_URL: "https://todos.example.com" }),
      /EMBEDDED_MODE/,
      /BETTER_AUTH_URL/,
    );
  });

  it("with the outbox, refuses to listen beyond loopback (next start and next dev alike)", () => {
    for (const host of ["0.0.0.0", "::"]) {
      expectRefused(start({ ...embedded, LISTEN_HOST: host }), /loopback/, /RESEND_API_KEY/);
      expectRefused(
        start({ BETTER_AUTH_SECRET: SECRET, LISTEN_HOST: host }, "development"),
        /loopback/,
      );
    }
    expect(
      start({ BETTER_AUTH_SECRET: SECRET, LISTEN_HOST: "::1" }, "development").output,
    ).toContain(SERVES);
  });
});
