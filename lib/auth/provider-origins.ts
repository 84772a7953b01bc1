import type { Env } from "@/lib/env";

type ProviderEnv = Pick<Env, "GOOGLE_CLIENT_ID" | "GITHUB_CLIENT_ID" | "OIDC_DISCOVERY_URL">;

/**
 * Where a "Continue with ..." form post is redirected: the configured providers' sign-in pages.
 * CSP form-action must name them (Chromium checks a form's redirects too). Edge-safe: env only.
 */
export function providerFormTargets(env: ProviderEnv): string[] {
  const origins = [
    env.GOOGLE_CLIENT_ID && "https://accounts.google.com",
    env.GITHUB_CLIENT_ID && "https://github.com",
    // An OIDC provider's authorization endpoint lives beside its discovery document.
    env.OIDC_DISCOVERY_URL && new URL(env.OIDC_DISCOVERY_URL).origin,
  ];
  return origins.filter((origin): origin is string => Boolean(origin));
}
