import { createAuthClient } from "better-auth/client";
import { twoFactorClient } from "better-auth/client/plugins";
import * as OTPAuth from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listTodos } from "@/app/api/todos/route";
import { startAuthServer } from "@/test/auth-server";
import { withTestDatabase } from "@/test/database";
import { callAuth, createVerifiedUser, request } from "@/test/http";
import { forgetAuth, forgetEnv } from "@/test/process-state";
import { freshCode } from "@/test/totp";

withTestDatabase();

const EMAIL = "phone@example.com";
const PASSWORD = "correct horse battery";
let server: Awaited<ReturnType<typeof startAuthServer>>;
let app: OTPAuth.TOTP;
let backupCodes: string[];

beforeAll(async () => {
  // Enrolled through the HTTP API, as the security page does it.
  const jar = await createVerifiedUser(EMAIL);
  const enabled = await callAuth("/two-factor/enable", {
    method: "POST",
    jar,
    json: { password: PASSWORD },
  });
  const body = (await enabled.json()) as { totpURI: string; backupCodes: string[] };
  app = OTPAuth.URI.parse(body.totpURI) as OTPAuth.TOTP;
  backupCodes = body.backupCodes;
  await callAuth("/two-factor/verify-totp", {
    method: "POST",
    jar,
    json: { code: await freshCode(app) },
  });
  server = await startAuthServer();
  process.env.BETTER_AUTH_URL = server.url;
  forgetEnv();
  forgetAuth();
});

afterAll(async () => {
  await server.close();
  process.env.BETTER_AUTH_URL = "http://localhost:3000";
  forgetEnv();
  forgetAuth();
});

/**
 * A device without a browser: Better Auth's own client with twoFactorClient(), keeping cookies
 * as any HTTP client's cookie store does (the pending challenge is a cookie), reading its session
 * token from `set-auth-token` (README, "A device without a browser"), and sending our origin as a
 * native app's client must (Node's fetch sends Sec-Fetch-Mode).
 */
function deviceClient() {
  const cookies = new Map<string, string>();
  let redirected = false;
  let sessionToken: string | undefined;
  const client = createAuthClient({
    baseURL: server.url,
    plugins: [
      twoFactorClient({
        onTwoFactorRedirect: () => {
          redirected = true;
        },
      }),
    ],
    fetchOptions: {
      headers: { origin: server.url },
      customFetchImpl: async (input, init) => {
        const headers = new Headers(init?.headers);
        if (cookies.size)
          headers.set("cookie", [...cookies].map(([k, v]) => `${k}=${v}`).join("; "));
        const response = await fetch(input, { ...init, headers });
        sessionToken = response.headers.get("set-auth-token") ?? sessionToken;
        for (const line of response.headers.getSetCookie()) {
          const [pair = ""] = line.split(";");
          const at = pair.indexOf("=");
          const value = pair.slice(at + 1);
          if (value) cookies.set(pair.slice(0, at), value);
          else cookies.delete(pair.slice(0, at));
        }
        return response;
      },
    },
  });
  return { client, cookies, wasRedirected: () => redirected, sessionToken: () => sessionToken };
}

async function accessJwtFor(sessionToken: string) {
  const res = await fetch(`${server.url}/api/auth/token`, {
    headers: { authorization: `Bearer ${sessionToken}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

describe("a device signs in with its authenticator code through Better Auth's client", () => {
  it("gets no session from the password alone, then a bearer session from the code", async () => {
    const { client, cookies, wasRedirected, sessionToken } = deviceClient();
    const first = await client.signIn.email({ email: EMAIL, password: PASSWORD });
    expect(first.error).toBeNull();
    expect(first.data).toMatchObject({ twoFactorRedirect: true });
    expect(wasRedirected()).toBe(true);
    expect(cookies.has("better-auth.session_token")).toBe(false);
    expect(sessionToken()).toBeUndefined();

    const verified = await client.twoFactor.verifyTotp({ code: await freshCode(app) });
    expect(verified.error).toBeNull();
    const token = sessionToken();
    expect(token).toBeTruthy();

    const jwt = await accessJwtFor(token ?? "");
    const todos = await listTodos(
      await request("/api/todos", { headers: { authorization: `Bearer ${jwt}` } }),
      { params: Promise.resolve({}) },
    );
    expect(todos.status).toBe(200);
  });

  it("a wrong code gets an error and no session; a backup code works once", async () => {
    const { client, sessionToken } = deviceClient();
    await client.signIn.email({ email: EMAIL, password: PASSWORD });
    const wrong = await client.twoFactor.verifyTotp({ code: "000000" });
    expect(wrong.error?.status).toBe(401);
    expect(wrong.data).toBeNull();
    expect(sessionToken()).toBeUndefined();
    const backup = await client.twoFactor.verifyBackupCode({ code: backupCodes[0] as string });
    expect(backup.error).toBeNull();
    expect(await accessJwtFor(sessionToken() ?? "")).toBeTruthy();

    const again = deviceClient();
    await again.client.signIn.email({ email: EMAIL, password: PASSWORD });
    const reused = await again.client.twoFactor.verifyBackupCode({
      code: backupCodes[0] as string,
    });
    expect(reused.error?.status).toBe(401);
  });

  it("a browser's code step (with its other cookies) never gets set-auth-token", async () => {
    const { client, cookies, sessionToken } = deviceClient();
    await client.signIn.email({ email: EMAIL, password: PASSWORD });
    cookies.set("theme", "dark");
    expect((await client.twoFactor.verifyTotp({ code: await freshCode(app) })).error).toBeNull();
    expect(cookies.has("better-auth.session_token")).toBe(true);
    expect(sessionToken()).toBeUndefined();
  });

  it("a session token the password step never issued cannot be traded for an access JWT", async () => {
    const { client, cookies } = deviceClient();
    const first = await client.signIn.email({ email: EMAIL, password: PASSWORD });
    const leaked = (first.data as { token?: unknown } | null)?.token;
    expect(leaked ?? null).toBeNull();
    const challenge = cookies.get("better-auth.two_factor") ?? "";
    const res = await fetch(`${server.url}/api/auth/token`, {
      headers: { authorization: `Bearer ${challenge}` },
    });
    expect(res.status).toBe(401);
  });
});
