import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { BASE_URL, type CookieJar, callAuth, createVerifiedUser } from "@/test/http";
import { withoutRateLimits } from "@/test/rate-limit-backend";
import {
  anyJson,
  anyString,
  anyValue,
  deeplyNestedJson,
  nastyString,
  runs,
  safeStringify,
} from "./arbitraries";

const database = withTestDatabase();
withoutRateLimits();
let jar: CookieJar;

/** Everything an auth request could write: users, credentials, sessions. */
async function accountState() {
  const db = database();
  return {
    users: await db.selectFrom("user").selectAll().orderBy("id").execute(),
    accounts: await db.selectFrom("account").selectAll().orderBy("id").execute(),
    sessions: await db
      .selectFrom("session")
      .select(["id", "userId", "token"])
      .orderBy("id")
      .execute(),
  };
}

const field = fc.oneof(
  { weight: 3, arbitrary: anyString },
  { weight: 1, arbitrary: anyValue },
  { weight: 1, arbitrary: fc.emailAddress() },
);
const authBody = fc.oneof(
  fc
    .record(
      {
        name: field,
        email: fc.oneof(field, fc.constant("fuzz-auth@example.com")),
        password: field,
        newPassword: field,
        currentPassword: field,
        token: field,
        callbackURL: field,
        redirectTo: field,
        rememberMe: field,
      },
      { requiredKeys: [] },
    )
    .map((body) => safeStringify(body)),
  anyJson.map((value) => safeStringify(value)),
  anyString,
);

/** Better Auth's JSON endpoints we rely on, anonymous and signed in (none that signs this jar out). */
const endpoints = [
  { path: "/sign-up/email", signedIn: false },
  { path: "/sign-in/email", signedIn: false },
  { path: "/request-password-reset", signedIn: false },
  { path: "/reset-password", signedIn: false },
  { path: "/send-verification-email", signedIn: false },
  { path: "/change-password", signedIn: true },
  { path: "/change-email", signedIn: true },
  { path: "/update-user", signedIn: true },
] as const;

beforeAll(async () => {
  jar = await createVerifiedUser("fuzz-auth@example.com");
});

/** Never a 5xx, and a JSON body (or none) that is not a stack trace. */
async function expectNoServerError(response: Response) {
  const text = await response.text();
  expect(response.status, text).toBeLessThan(500);
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
  if (text && response.status >= 400) expect(() => JSON.parse(text)).not.toThrow();
}

describe("fuzz: Better Auth JSON endpoints", () => {
  it("answer any body with a non-5xx, and a refused one writes no user, credential or session", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...endpoints),
        authBody,
        async ({ path, signedIn }, body) => {
          const before = await accountState();
          const response = await callAuth(path, {
            method: "POST",
            body,
            headers: { "content-type": "application/json" },
            ...(signedIn && { jar }),
          });
          await expectNoServerError(response);
          if (response.status >= 400) expect(await accountState()).toEqual(before);
        },
      ),
      { numRuns: runs(150) },
    );
  });

  it("answer deep nesting, invalid UTF-8 and wrong content types with a non-5xx, writing nothing", async () => {
    const bodies: [BodyInit, string][] = [
      [deeplyNestedJson(10_000, "array"), "application/json"],
      [deeplyNestedJson(10_000, "object"), "application/json"],
      [new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), "application/json"],
      ["email=a%40b.c&password=x", "application/x-www-form-urlencoded"],
      ["<xml/>", "text/xml"],
      [
        JSON.stringify({ email: "fuzz-auth@example.com", password: "x".repeat(200_000) }),
        "application/json",
      ],
    ];
    for (const { path, signedIn } of endpoints) {
      for (const [body, type] of bodies) {
        const before = await accountState();
        const response = await callAuth(path, {
          method: "POST",
          body,
          headers: { "content-type": type },
          ...(signedIn && { jar }),
        });
        await expectNoServerError(response);
        if (response.status >= 400) expect(await accountState()).toEqual(before);
      }
    }
  });

  it("GET /get-session, /token, /verify-email and /reset-password/:token answer any query with a non-5xx", async () => {
    const query = fc.dictionary(
      fc.oneof(
        fc.constantFrom("token", "callbackURL", "disableRefresh", "disableCookieCache"),
        nastyString,
      ),
      anyString.map((s) => s.toWellFormed()),
      { maxKeys: 3 },
    );
    const path = fc.oneof(
      fc.constantFrom("/get-session", "/token", "/verify-email", "/jwks"),
      nastyString.map((token) => `/reset-password/${encodeURIComponent(token.toWellFormed())}`),
    );
    await fc.assert(
      fc.asyncProperty(path, query, fc.boolean(), async (route, params, signedIn) => {
        const before = await accountState();
        const url = new URL(`/api/auth${route}`, BASE_URL);
        for (const [key, value] of Object.entries(params)) url.searchParams.append(key, value);
        const response = await callAuth(route + url.search, signedIn ? { jar } : {});
        await expectNoServerError(response);
        // Reads never write a user or a credential (a session may be refreshed).
        const after = await accountState();
        expect(after.users).toEqual(before.users);
        expect(after.accounts).toEqual(before.accounts);
      }),
      { numRuns: runs(100) },
    );
  });

  it("refuse a redirect target with a lone surrogate or that is no URL (these crashed Better Auth with a 500)", async () => {
    const cases = [
      () => callAuth("/verify-email?token=&callbackURL=x"),
      () => callAuth("/verify-email?token=&callbackURL=__proto__"),
      () =>
        callAuth("/request-password-reset", {
          method: "POST",
          json: { email: "fuzz-auth@example.com", redirectTo: "/reset-password\ud800" },
        }),
      () =>
        callAuth("/send-verification-email", {
          method: "POST",
          json: { email: "fuzz-auth@example.com", callbackURL: "\udc00" },
        }),
    ];
    for (const call of cases) {
      const response = await call();
      // Our plugin (400 INVALID_REDIRECT) or Better Auth's own origin check (403), whichever sees it first.
      expect([400, 403]).toContain(response.status);
      expect(response.headers.get("location")).toBeNull();
      expect((await response.json()).code).toMatch(
        /^(INVALID_REDIRECT|INVALID_CALLBACKURL|INVALID_REDIRECTURL|INVALID_CALLBACK_URL)$/,
      );
    }
  });
});
