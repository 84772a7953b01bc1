import { afterAll, beforeAll } from "vitest";
import { BASE_URL } from "@/test/http";
import { forgetAuth, forgetEnv } from "@/test/process-state";
import { answerFromLoopback } from "./outside-world";
import { startTestProvider, type TestProvider } from "./provider";

export const GOOGLE_CLIENT_ID = "test-client.apps.googleusercontent.com";
export const GOOGLE_CALLBACK = `${BASE_URL}/api/auth/callback/google`;

/** Google's endpoints Better Auth calls (hard-coded in its google provider), by what stands in for each. */
const GOOGLE_ENDPOINTS: Record<string, string> = {
  "https://accounts.google.com/o/oauth2/v2/auth": "/authorize",
  "https://oauth2.googleapis.com/token": "/token",
  "https://www.googleapis.com/oauth2/v3/certs": "/jwks",
};

/**
 * The app configured with a Google client whose three endpoints answer, for this file, from a
 * loopback provider that signs as https://accounts.google.com.
 */
export function withFakeGoogle(): () => TestProvider {
  let google: TestProvider | undefined;
  let restore = () => {};
  beforeAll(async () => {
    google = await startTestProvider({
      clientId: GOOGLE_CLIENT_ID,
      clientSecret: "test-google-secret",
      redirectUris: [GOOGLE_CALLBACK],
      issuer: "https://accounts.google.com",
    });
    restore = answerFromLoopback(GOOGLE_ENDPOINTS, google.address);
    process.env.GOOGLE_CLIENT_ID = GOOGLE_CLIENT_ID;
    process.env.GOOGLE_CLIENT_SECRET = "test-google-secret";
    forgetEnv();
    forgetAuth();
  });
  afterAll(async () => {
    restore();
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
