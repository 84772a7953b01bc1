import "server-only";
import { configuredProviders as fromEnv, type SignInProvider } from "@/lib/auth/providers";
import { env } from "@/lib/env";

export type { SignInProvider };

/** The providers this deployment configured (none: the section is not shown). */
export async function configuredProviders(): Promise<SignInProvider[]> {
  return fromEnv(env());
}

/**
 * What asks a provider to check who is there again, rather than wave a remembered browser
 * through: OpenID Connect's `prompt=login` with `max_age=0`; Google and GitHub offer only their
 * account choosers. Better Auth refuses none of these keys (only the flow's own are reserved).
 */
export function reauthenticationParams(providerId: string): Record<string, string> {
  if (providerId === "github") return { prompt: "select_account" };
  if (providerId === "google") return { prompt: "select_account", max_age: "0" };
  return { prompt: "login", max_age: "0" };
}
