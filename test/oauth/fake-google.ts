import { afterAll, beforeAll } from "vitest";
import { BASE_URL } from "@/test/http";
import { forgetAuth, forgetEnv } from "@/test/process-state";
import { startTestProvider, type TestProvider } from "./provider";

export const GOOGLE_CLIENT_ID = "test-client.apps.googleusercontent.com";
export const GOOGLE_CALLBACK = `${BASE_URL}/api/auth/callback/google`;

/** Google's endpoints Better Auth calls (hard-coded in its google provider), by what stands in for each. */
const GOOGLE_ENDPOINTS = {
  "https://accounts.google.com/o/oauth2/v2/auth": "/authorize",
  "https://oauth2.googleapis.com/token": "/token",
  "https://www.googleapis.com/oauth2/v3/certs": "/jwks",
};

/**
 * Google is outside the machine: for this file its three endpoints answer from a loopback provider
 * that signs as https://accounts.google.com, and the app is configured with a Google client. Only
 * those URLs are redirected; every other fetch goes where it was going.
 */
export function withFakeGoogle(): () => TestProvider {
  let google: TestProvider | undefined;
  const realFetch = globalThis.fetch;
  beforeAll(async () => {
    google = await startTestProvider({
      clientId: GOOGLE_CLIENT_ID,
      clientSecret: "test-google-secret",
      redirectUris: [GOOGLE_CALLBACK],
      issuer: "https://accounts.google.com",
    });
    const address = google.address;
    globalThis.fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const path =
        GOOGLE_ENDPOINTS[`${url.origin}${url.pathname}` as keyof typeof GOOGLE_ENDPOINTS];
      if (!path) return realFetch(input, init);
      const target = new URL(`${address}${path}${url.search}`);
      return input instanceof Request
        ? realFetch(new Request(target, input), init)
        : realFetch(target, init);
    };
    process.env.GOOGLE_CLIENT_ID = GOOGLE_CLIENT_ID;
    process.env.GOOGLE_CLIENT_SECRET = "test-google-secret";
    forgetEnv();
    forgetAuth();
  });
  afterAll(async () => {
    globalThis.fetch = realFetch;
    delete process.env.GOOGLE_CLIENT_ID;
    delete process.env.GOOGLE_CLIENT_SECRET;
    forgetEnv();
    forgetAuth();
    await google?.stop();
  });
  return () => {
    if (!google) throw new Error("withFakeGoogle: not started yet");
    return google;
  };
}
