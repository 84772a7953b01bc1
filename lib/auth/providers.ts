import type { GenericOAuthConfig } from "better-auth/plugins/generic-oauth";
import type { SocialProviders } from "better-auth/social-providers";
import { type Env, env } from "@/lib/env";

/** The sign-in providers this app knows; which of them run is decided by the environment alone. */
export type ProviderId = "google" | "github" | "oidc";

/** What a page may know of a provider: no client id, no secret, no endpoint. */
export interface SignInProvider {
  id: ProviderId;
  /** Shown as "Continue with <name>" and in the activity log ("Signed in with <name>"). */
  name: string;
}

/** Where each provider sends the browser back; register these URLs with the provider. */
export const CALLBACK_PATHS: Record<ProviderId, string> = {
  google: "/api/auth/callback/google",
  github: "/api/auth/callback/github",
  oidc: "/api/auth/oauth2/callback/oidc",
};

type ProviderEnv = Pick<
  Env,
  | "GOOGLE_CLIENT_ID"
  | "GOOGLE_CLIENT_SECRET"
  | "GITHUB_CLIENT_ID"
  | "GITHUB_CLIENT_SECRET"
  | "OIDC_DISCOVERY_URL"
  | "OIDC_CLIENT_ID"
  | "OIDC_CLIENT_SECRET"
  | "OIDC_PROVIDER_NAME"
>;

/** The configured providers, in button order. lib/env.ts has already refused a half-set one. */
export function configuredProviders(env: ProviderEnv): SignInProvider[] {
  const providers: SignInProvider[] = [];
  if (env.GOOGLE_CLIENT_ID) providers.push({ id: "google", name: "Google" });
  if (env.GITHUB_CLIENT_ID) providers.push({ id: "github", name: "GitHub" });
  if (env.OIDC_CLIENT_ID && env.OIDC_PROVIDER_NAME) {
    providers.push({ id: "oidc", name: env.OIDC_PROVIDER_NAME });
  }
  return providers;
}

/** The name a provider id is shown by ("Signed in with GitHub"), if it is configured. */
export function providerName(id: string): string | undefined {
  return configuredProviders(env()).find((provider) => provider.id === id)?.name;
}

/** Google and GitHub through Better Auth's built-in providers (callback /api/auth/callback/:id). */
export function socialProviders(env: ProviderEnv): SocialProviders {
  return {
    ...(env.GOOGLE_CLIENT_ID &&
      env.GOOGLE_CLIENT_SECRET && {
        google: {
          clientId: env.GOOGLE_CLIENT_ID,
          clientSecret: env.GOOGLE_CLIENT_SECRET,
        },
      }),
    ...(env.GITHUB_CLIENT_ID &&
      env.GITHUB_CLIENT_SECRET && {
        github: {
          clientId: env.GITHUB_CLIENT_ID,
          clientSecret: env.GITHUB_CLIENT_SECRET,
        },
      }),
  };
}

/** Any OpenID Connect provider through Better Auth's genericOAuth plugin, as providerId "oidc". */
export function oidcProviders(env: ProviderEnv): GenericOAuthConfig[] {
  if (!env.OIDC_DISCOVERY_URL || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) return [];
  return [
    {
      providerId: "oidc",
      name: env.OIDC_PROVIDER_NAME,
      discoveryUrl: env.OIDC_DISCOVERY_URL,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      scopes: ["openid", "email", "profile"],
      pkce: true,
      // Identity comes from a signed ID token checked against the discovery JWKS, never decoded unchecked.
      requireIdTokenVerification: true,
      // Signing out here signs out here only (and no ID token is kept to end the provider's session).
      disableProviderLogout: true,
    },
  ];
}
