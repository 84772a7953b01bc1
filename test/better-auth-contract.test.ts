/**
 * Better Auth internals our plugins build on, each pinned by a test named after it, against a bare
 * instance (memory adapter, none of our plugins), so a release that changes one fails here by name.
 * Pinned elsewhere, through our own plugins: the endpoint list (lib/rate-limit/operations.test.ts),
 * the tables and columns (lib/db/schema.test.ts), twoFactor replacing the session, its own code
 * limit, GHSA-xg6x-h9c9-2m83 and better-auth#9132 (lib/factors/two-factor.test.ts), the JWE access
 * cookie's exp (lib/edge/access-token.test.ts), the Origin check
 * (test/security/attacks/csrf-auth-routes.test.ts).
 */
import { type BetterAuthPlugin, betterAuth } from "better-auth";
import { memoryAdapter } from "better-auth/adapters/memory";
import {
  APIError,
  createAuthMiddleware,
  getSessionFromCtx,
  getShouldSkipSessionRefresh,
  isAPIError,
  setShouldSkipSessionRefresh,
} from "better-auth/api";
import {
  decodeCookieCache,
  getChunkedCookie,
  getCookieCache,
  parseSetCookieHeader,
  setCookieCache,
  setRequestCookie,
} from "better-auth/cookies";
import { makeSignature } from "better-auth/crypto";
import { twoFactor } from "better-auth/plugins";
import * as OTPAuth from "otpauth";
import { describe, expect, it } from "vitest";
import { freshCode } from "@/test/totp";

const BASE_URL = "http://localhost:3000";
const SECRET = "contract-secret-that-is-at-least-32-characters";
const SESSION_TOKEN = "better-auth.session_token";
const SESSION_DATA = "better-auth.session_data";
const PASSWORD = "a long enough password";

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];
type Hook = (ctx: HookContext) => Promise<unknown>;
type Tables = Record<
  "user" | "session" | "account" | "verification" | "twoFactor",
  Record<string, unknown>[]
>;

function bareAuth(plugins: BetterAuthPlugin[]) {
  const tables: Tables = { user: [], session: [], account: [], verification: [], twoFactor: [] };
  const auth = betterAuth({
    baseURL: BASE_URL,
    secret: SECRET,
    database: memoryAdapter(tables),
    emailAndPassword: { enabled: true },
    // As lib/auth/index.ts: the access cookie is the JWE cookie cache.
    session: { cookieCache: { enabled: true, maxAge: 300, strategy: "jwe" } },
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    logger: { disabled: true },
    plugins,
  });
  return { auth, tables };
}

function plugin(id: string, hooks: { before?: Hook; after?: Hook; path?: string }) {
  const matcher = (ctx: { path?: string }) => !hooks.path || ctx.path === hooks.path;
  const wrap = (hook: Hook) => [{ matcher, handler: createAuthMiddleware(hook) }];
  return {
    id,
    hooks: {
      ...(hooks.before && { before: wrap(hooks.before) }),
      ...(hooks.after && { after: wrap(hooks.after) }),
    },
  } as BetterAuthPlugin;
}

type Auth = ReturnType<typeof bareAuth>["auth"];

function call(auth: Auth, path: string, init: { cookie?: string; json?: unknown } = {}) {
  const headers = new Headers({ origin: BASE_URL });
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  return auth.handler(
    new Request(`${BASE_URL}/api/auth${path}`, {
      method: init.json === undefined ? "GET" : "POST",
      headers,
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    }),
  );
}

/** The cookies a response sets, as a Cookie header (the last value of each name wins). */
function cookiesOf(response: Response, only?: string[]): string {
  const set = parseSetCookieHeader(response.headers.getSetCookie().join(", "));
  return [...set]
    .filter(([name, cookie]) => cookie.value && (!only || only.includes(name)))
    .map(([name, cookie]) => `${name}=${cookie.value}`)
    .join("; ");
}

async function signUp(auth: Auth, email = "ava@example.com") {
  const response = await call(auth, "/sign-up/email", {
    json: { email, password: PASSWORD, name: "Ava" },
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { token: string; user: { id: string } };
  // sessionCookie alone: as bearerSessions() sends every endpoint but get-session (no access cookie).
  return {
    ...body,
    cookie: cookiesOf(response),
    sessionCookie: cookiesOf(response, [SESSION_TOKEN]),
  };
}

describe("Better Auth behaviour we rely on", () => {
  it("hooks: before- and after-hooks run in the order of the plugins array", async () => {
    const seen: string[] = [];
    const recorder = (id: string) =>
      plugin(id, {
        before: async () => void seen.push(`before ${id}`),
        after: async () => void seen.push(`after ${id}`),
      });
    const { auth } = bareAuth([recorder("b"), recorder("a"), recorder("c")]);
    await call(auth, "/get-session");
    expect(seen).toEqual(["before b", "before a", "before c", "after b", "after a", "after c"]);
  });

  it("hooks: a before-hook's { context: { headers } } is what the endpoint reads; later hooks still see ctx.headers as sent", async () => {
    let signedIn = "";
    let laterSaw: string | null | undefined;
    const { auth } = bareAuth([
      plugin("swap", {
        path: "/get-session",
        before: async () => ({ context: { headers: new Headers({ cookie: signedIn }) } }),
      }),
      plugin("later", {
        path: "/get-session",
        before: async (ctx) => {
          laterSaw = ctx.headers?.get("cookie");
        },
      }),
    ]);
    signedIn = (await signUp(auth)).cookie;
    const response = await call(auth, "/get-session");
    expect(((await response.json()) as { user?: { email: string } } | null)?.user?.email).toBe(
      "ava@example.com",
    );
    expect(laterSaw).toBeNull();
  });

  it("hooks: ctx.context.returned is the endpoint's JSON and ctx.context.newSession the session a sign-up or sign-in created", async () => {
    const seen = new Map<string, { returned: unknown; newSession: unknown }>();
    const { auth } = bareAuth([
      plugin("probe", {
        after: async (ctx) =>
          void seen.set(ctx.path ?? "", {
            returned: ctx.context.returned,
            newSession: ctx.context.newSession,
          }),
      }),
    ]);
    const { token, user, cookie } = await signUp(auth);
    expect(seen.get("/sign-up/email")).toMatchObject({
      returned: { token, user: { id: user.id } },
      newSession: { session: { token }, user: { id: user.id } },
    });
    await call(auth, "/sign-in/email", { json: { email: "ava@example.com", password: PASSWORD } });
    expect(seen.get("/sign-in/email")?.newSession).toMatchObject({ user: { id: user.id } });
    await call(auth, "/get-session", { cookie });
    expect(seen.get("/get-session")).toMatchObject({
      returned: { session: { token }, user: { id: user.id } },
    });
    expect(seen.get("/get-session")?.newSession).toBeFalsy();
  });

  it("hooks: ctx.context.returned is the APIError (statusCode, body.code) of an endpoint that failed", async () => {
    let returned: unknown;
    const { auth } = bareAuth([
      plugin("probe", {
        path: "/sign-in/email",
        after: async (ctx) => {
          returned = ctx.context.returned;
        },
      }),
    ]);
    await signUp(auth);
    const response = await call(auth, "/sign-in/email", {
      json: { email: "ava@example.com", password: "not the password at all" },
    });
    expect(response.status).toBe(401);
    expect(isAPIError(returned)).toBe(true);
    expect((returned as APIError).statusCode).toBe(401);
    expect((returned as APIError).body?.code).toBe("INVALID_EMAIL_OR_PASSWORD");
  });

  it("hooks: a redirect (verify-email's callbackURL) reaches after-hooks as an APIError with statusCode 302", async () => {
    let returned: unknown;
    const { auth } = bareAuth([
      plugin("probe", {
        path: "/verify-email",
        after: async (ctx) => {
          returned = ctx.context.returned;
        },
      }),
    ]);
    const response = await call(auth, "/verify-email?token=not-a-token&callbackURL=/done");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/done\?error=/);
    expect(isAPIError(returned)).toBe(true);
    expect((returned as APIError).statusCode).toBe(302);
  });

  it("hooks: what an after-hook returns (ctx.json) is ctx.context.returned for the hooks after it, and the response", async () => {
    let laterSaw: unknown;
    const { auth } = bareAuth([
      plugin("replace", {
        path: "/get-session",
        after: async (ctx) => ctx.json({ replaced: true }),
      }),
      plugin("later", {
        path: "/get-session",
        after: async (ctx) => {
          laterSaw = ctx.context.returned;
        },
      }),
    ]);
    const { cookie } = await signUp(auth);
    const response = await call(auth, "/get-session", { cookie });
    expect(laterSaw).toEqual({ replaced: true });
    expect(await response.json()).toEqual({ replaced: true });
  });

  it("hooks: ctx.context.responseHeaders holds the endpoint's Set-Cookie; a line removed there leaves the response, even when the hook then throws an APIError", async () => {
    let sawSessionData = false;
    const { auth } = bareAuth([
      plugin("take-back", {
        path: "/sign-in/email",
        after: async (ctx) => {
          const headers = ctx.context.responseHeaders;
          const lines = headers?.getSetCookie() ?? [];
          sawSessionData = lines.some((line) => line.startsWith(`${SESSION_DATA}=`));
          headers?.delete("set-cookie");
          for (const line of lines.filter((l) => !l.startsWith(`${SESSION_DATA}=`)))
            headers?.append("set-cookie", line);
          throw new APIError("TOO_MANY_REQUESTS", { code: "RATE_LIMITED" });
        },
      }),
    ]);
    await signUp(auth);
    const response = await call(auth, "/sign-in/email", {
      json: { email: "ava@example.com", password: PASSWORD },
    });
    expect(sawSessionData).toBe(true);
    expect(response.status).toBe(429);
    const names = response.headers.getSetCookie().map((line) => line.split("=")[0]);
    expect(names).toContain(SESSION_TOKEN);
    expect(names).not.toContain(SESSION_DATA);
  });

  it("getSessionFromCtx: a hook's call leaves the session in ctx.context.session, which the endpoint takes as its own without its row (better-auth#9132: why sessionFromRow reads on a copy of the context)", async () => {
    let contextOfHook: "shared" | "copied" = "shared";
    const { auth, tables } = bareAuth([
      plugin("reads-session", {
        path: "/update-user",
        before: async (ctx) => {
          const context =
            contextOfHook === "shared"
              ? ctx.context
              : Object.assign(Object.create(Object.getPrototypeOf(ctx.context)), ctx.context, {
                  session: null,
                });
          expect(await getSessionFromCtx({ ...ctx, context } as HookContext)).not.toBeNull();
          // Signed out elsewhere between the hook's read and the endpoint.
          tables.session.length = 0;
        },
      }),
    ]);
    const update = async (email: string, context: "shared" | "copied") => {
      contextOfHook = context;
      const { sessionCookie } = await signUp(auth, email);
      return call(auth, "/update-user", { cookie: sessionCookie, json: { name: "Renamed" } });
    };
    expect((await update("ava@example.com", "shared")).status).toBe(200);
    const refused = await update("leo@example.com", "copied");
    expect(refused.status).toBe(401);
  });

  it("getCookieCache(request, { strategy: 'jwe', secret, isSecure }): decrypts session_data without the database, the session token and the JWT's exp inside", async () => {
    const { auth, tables } = bareAuth([]);
    const { token, cookie } = await signUp(auth);
    tables.session.length = 0;
    const read = (secret: string) =>
      getCookieCache(new Request(`${BASE_URL}/todos`, { headers: { cookie } }), {
        secret,
        strategy: "jwe",
        isSecure: false,
      });
    const claims = await read(SECRET);
    expect(claims?.user.email).toBe("ava@example.com");
    expect(claims?.session.token).toBe(token);
    expect((claims as { exp?: unknown } | null)?.exp).toBeTypeOf("number");
    // lib/edge/access-token.ts turns a throw into null too.
    expect(
      await read("another-secret-that-is-at-least-32-characters").catch(() => null),
    ).toBeNull();
  });

  it("decodeCookieCache(ctx, getChunkedCookie(ctx, session_data)): the cached { session: { session, user }, expiresAt } in a hook", async () => {
    let decoded: Awaited<ReturnType<typeof decodeCookieCache>> | undefined;
    const { auth } = bareAuth([
      plugin("probe", {
        path: "/get-session",
        after: async (ctx) => {
          const value = getChunkedCookie(ctx, ctx.context.authCookies.sessionData.name);
          decoded = value ? await decodeCookieCache(ctx, value) : null;
        },
      }),
    ]);
    const { token, cookie } = await signUp(auth);
    await call(auth, "/get-session", { cookie });
    expect(decoded?.session.session.token).toBe(token);
    expect(decoded?.session.user.email).toBe("ava@example.com");
    expect(decoded?.expiresAt).toBeGreaterThan(Date.now());
  });

  it("setCookieCache(ctx, session, false): writes the session_data cookie getCookieCache reads", async () => {
    const { auth } = bareAuth([
      plugin("rewrite", {
        path: "/get-session",
        after: async (ctx) => {
          const current = ctx.context.returned as Parameters<typeof setCookieCache>[1];
          await setCookieCache(
            ctx,
            { ...current, session: { ...current.session, token: "rotated" } },
            false,
          );
        },
      }),
    ]);
    const { sessionCookie } = await signUp(auth);
    const response = await call(auth, "/get-session", { cookie: sessionCookie });
    const claims = await getCookieCache(
      new Request(BASE_URL, { headers: { cookie: cookiesOf(response, [SESSION_DATA]) } }),
      { secret: SECRET, strategy: "jwe", isSecure: false },
    );
    expect(claims?.session.token).toBe("rotated");
  });

  it('signed cookies: token + "." + makeSignature(token, secret), set with setRequestCookie is a valid session cookie (how rotation hands over a successor)', async () => {
    const { auth } = bareAuth([]);
    const { token } = await signUp(auth);
    const headers = new Headers();
    setRequestCookie(headers, SESSION_TOKEN, `${token}.${await makeSignature(token, SECRET)}`);
    const response = await call(auth, "/get-session", { cookie: headers.get("cookie") ?? "" });
    expect(
      ((await response.json()) as { session?: { token: string } } | null)?.session?.token,
    ).toBe(token);
  });

  it("cookie names: authCookies and ctx.context.createAuthCookie(name) are better-auth.<name>", async () => {
    let names: string[] = [];
    const { auth } = bareAuth([
      plugin("probe", {
        after: async (ctx) => {
          const { sessionToken, sessionData, dontRememberToken } = ctx.context.authCookies;
          names = [
            sessionToken,
            sessionData,
            dontRememberToken,
            ctx.context.createAuthCookie("two_factor"),
          ].map((cookie) => cookie.name);
        },
      }),
    ]);
    await call(auth, "/get-session");
    expect(names).toEqual([
      SESSION_TOKEN,
      SESSION_DATA,
      "better-auth.dont_remember",
      "better-auth.two_factor",
    ]);
  });

  it("getShouldSkipSessionRefresh(): set in a before-hook (as nextCookies() does for a React Server Component), read in the request's after-hooks", async () => {
    const seen: boolean[] = [];
    let skip = true;
    const { auth } = bareAuth([
      plugin("probe", {
        path: "/get-session",
        after: async () => void seen.push((await getShouldSkipSessionRefresh()) === true),
      }),
      plugin("server-component", {
        path: "/get-session",
        before: async () => {
          if (skip) await setShouldSkipSessionRefresh(true);
        },
      }),
    ]);
    await call(auth, "/get-session");
    skip = false;
    await call(auth, "/get-session");
    expect(seen).toEqual([true, false]);
  });

  it("twoFactor: a password step answers { twoFactorRedirect: true } without ctx.context.newSession; its signed better-auth.two_factor cookie names a verification row `2fa-…` holding the user id", async () => {
    let newSession: unknown = "not run";
    const { auth, tables } = bareAuth([
      twoFactor({ issuer: "Todos" }),
      plugin("probe", {
        path: "/sign-in/email",
        after: async (ctx) => {
          newSession = ctx.context.newSession;
        },
      }),
    ]);
    const { user, cookie } = await signUp(auth);
    const enabled = await call(auth, "/two-factor/enable", {
      cookie,
      json: { password: PASSWORD },
    });
    const { totpURI } = (await enabled.json()) as { totpURI: string };
    const app = OTPAuth.URI.parse(totpURI) as OTPAuth.TOTP;
    const confirmed = await call(auth, "/two-factor/verify-totp", {
      cookie,
      json: { code: await freshCode(app) },
    });
    expect(confirmed.status).toBe(200);
    const response = await call(auth, "/sign-in/email", {
      json: { email: "ava@example.com", password: PASSWORD },
    });
    expect(await response.json()).toMatchObject({ twoFactorRedirect: true });
    expect(newSession).toBeFalsy();
    const signed = parseSetCookieHeader(response.headers.getSetCookie().join(", ")).get(
      "better-auth.two_factor",
    )?.value;
    const challenge = decodeURIComponent(signed ?? "").split(".")[0];
    expect(challenge).toMatch(/^2fa-/);
    expect(tables.verification).toContainEqual(
      expect.objectContaining({ identifier: challenge, value: user.id }),
    );
  });
});
