import { createAuthClient } from "better-auth/client";
import { jwtClient, twoFactorClient } from "better-auth/client/plugins";
import * as OTPAuth from "otpauth";
import { beforeAll, describe, expect, it } from "vitest";
import { freshCode } from "../totp";
import { PASSWORD, signedInDevice, target } from "./device";

let devices = 0;

/**
 * A native app with an authenticator-app account: Better Auth's client with twoFactorClient().
 * It keeps its session token from `set-auth-token` and, between the password and the code, the
 * one cookie that holds the pending sign-in (README, "A device without a browser").
 */
function twoStepDevice() {
  devices += 1;
  const ip = `198.19.${Math.floor(devices / 250) % 250}.${devices % 250}`;
  const state = {
    token: undefined as string | undefined,
    challenge: undefined as string | undefined,
  };
  let redirected = false;
  const send = async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    headers.set("origin", target().baseURL);
    headers.set("x-real-ip", ip);
    if (state.token) headers.set("authorization", `Bearer ${state.token}`);
    else if (state.challenge) headers.set("cookie", `better-auth.two_factor=${state.challenge}`);
    const response = await fetch(input, { ...init, headers, redirect: "manual" });
    state.token = response.headers.get("set-auth-token") ?? state.token;
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      if (pair.startsWith("better-auth.two_factor=")) {
        state.challenge = pair.slice(pair.indexOf("=") + 1) || undefined;
      }
    }
    return response;
  };
  const client = createAuthClient({
    baseURL: target().baseURL,
    plugins: [
      jwtClient(),
      twoFactorClient({
        onTwoFactorRedirect: () => {
          redirected = true;
        },
      }),
    ],
    fetchOptions: { customFetchImpl: send },
  });
  const todos = async () => {
    const { data } = await client.token();
    return fetch(new URL("/api/todos", target().baseURL), {
      headers: { authorization: `Bearer ${data?.token ?? "none"}`, "x-real-ip": ip },
    });
  };
  return { client, state, todos, wasRedirected: () => redirected };
}

let email: string;
let app: OTPAuth.TOTP;
let backupCodes: string[];

beforeAll(async () => {
  // Enrolled from a signed-in phone through the HTTP API, as the security page does it.
  const signedIn = await signedInDevice("bearer");
  const phone = signedIn.device;
  email = signedIn.email;
  const enabled = await phone.request("/api/auth/two-factor/enable", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ password: PASSWORD }),
  });
  expect(enabled.status).toBe(200);
  const body = (await enabled.json()) as { totpURI: string; backupCodes: string[] };
  app = OTPAuth.URI.parse(body.totpURI) as OTPAuth.TOTP;
  backupCodes = body.backupCodes;
  const confirmed = await phone.request("/api/auth/two-factor/verify-totp", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code: await freshCode(app) }),
  });
  expect(confirmed.status).toBe(200);
  // Turning it on kept the phone signed in (its session keeps its id; the token it holds works).
  expect((await phone.rest("/api/todos")).status).toBe(200);
});

describe("Better Auth's client (bearer, twoFactorClient): an account with an authenticator app", () => {
  it("the password alone gives no session; the code gives a session token and access JWTs", async () => {
    const device = twoStepDevice();
    const first = await device.client.signIn.email({ email, password: PASSWORD });
    expect(first.error).toBeNull();
    expect(first.data).toMatchObject({ twoFactorRedirect: true });
    expect(device.wasRedirected()).toBe(true);
    expect(device.state.token).toBeUndefined();
    expect((await device.todos()).status).toBe(401);

    const verified = await device.client.twoFactor.verifyTotp({ code: await freshCode(app) });
    expect(verified.error).toBeNull();
    expect(device.state.token).toBeTruthy();
    expect((await device.todos()).status).toBe(200);
  });

  it("a wrong code gets an error and no session; a backup code works once", async () => {
    const device = twoStepDevice();
    await device.client.signIn.email({ email, password: PASSWORD });
    const wrong = await device.client.twoFactor.verifyTotp({ code: "000000" });
    expect(wrong.error).toMatchObject({ status: 401 });
    expect(device.state.token).toBeUndefined();
    const code = backupCodes[0] ?? "";
    expect((await device.client.twoFactor.verifyBackupCode({ code })).error).toBeNull();
    expect((await device.todos()).status).toBe(200);

    const again = twoStepDevice();
    await again.client.signIn.email({ email, password: PASSWORD });
    const reused = await again.client.twoFactor.verifyBackupCode({ code });
    expect(reused.error).toMatchObject({ status: 401 });
    expect(again.state.token).toBeUndefined();
  });
});
