import { afterAll, beforeAll } from "vitest";
import { auth } from "@/lib/auth";
import { BASE_URL, type CookieJar, callAuth, request } from "@/test/http";
import { forgetAuth, forgetEnv } from "@/test/process-state";
import { startTestProvider, type TestProvider } from "./provider";

/** Where the app asks the provider to send the browser back (DESIGN.md's contract). */
export const OIDC_CALLBACK = `${BASE_URL}/api/auth/oauth2/callback/oidc`;

/** Starts the loopback provider for this file and configures the app's OIDC sign-in with it. */
export function withTestProvider(name = "Test IdP"): () => TestProvider {
  let provider: TestProvider | undefined;
  const keys: string[] = [];
  beforeAll(async () => {
    provider = await startTestProvider({ redirectUris: [OIDC_CALLBACK] });
    for (const [key, value] of Object.entries(provider.env(name))) {
      keys.push(key);
      process.env[key] = value;
    }
    forgetEnv();
    forgetAuth();
  });
  afterAll(async () => {
    for (const key of keys) delete process.env[key];
    forgetEnv();
    forgetAuth();
    await provider?.stop();
  });
  return () => {
    if (!provider) throw new Error("withTestProvider: the provider is not ready yet");
    return provider;
  };
}

/** How one browser runs the flow: which provider, extra sign-in body fields, its own headers. */
export interface FlowOptions {
  provider?: string;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Step 1, as the sign-in button does: Better Auth answers the provider's authorization URL. */
export async function startSignIn(jar: CookieJar, options: FlowOptions = {}): Promise<URL> {
  const response = await callAuth("/sign-in/social", {
    method: "POST",
    jar,
    headers: options.headers,
    json: {
      provider: options.provider ?? "oidc",
      callbackURL: "/todos",
      errorCallbackURL: "/sign-in",
      ...options.body,
    },
  });
  if (!response.ok) throw new Error(`sign-in/social: ${response.status} ${await response.text()}`);
  const { url } = (await response.json()) as { url: string };
  return new URL(url);
}

/** Step 2: the browser visits the provider, which approves and redirects back with a code. */
export async function authorize(authorizationUrl: URL): Promise<URL> {
  const response = await fetch(authorizationUrl, { redirect: "manual" });
  const location = response.headers.get("location");
  if (response.status !== 302 || !location) {
    throw new Error(`provider answered ${response.status}: ${await response.text()}`);
  }
  return new URL(location);
}

/** Step 3: the browser follows the redirect to our callback (in-process, through Better Auth). */
export async function callback(
  callbackUrl: URL,
  jar?: CookieJar,
  headers?: Record<string, string>,
): Promise<Response> {
  const response = await auth().handler(
    await request(callbackUrl.pathname + callbackUrl.search, { jar, headers }),
  );
  jar?.store(response);
  return response;
}

/** The three steps in one browser: the callback's answer. */
export async function signInWithProvider(jar: CookieJar, options: FlowOptions = {}) {
  return callback(await authorize(await startSignIn(jar, options)), jar, options.headers);
}

/** Where a callback's answer sends the browser, and the error code it carries. */
export function landing(response: Response) {
  const location = new URL(response.headers.get("location") ?? "", BASE_URL);
  return { path: location.pathname, error: location.searchParams.get("error"), url: location };
}
