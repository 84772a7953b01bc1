import "server-only";
import { auth } from "@/lib/auth";

export interface SignInProvider {
  /** Better Auth's provider id: "google", "github", "oidc". */
  id: string;
  /** As the buttons name it: "Google", "GitHub", OIDC_PROVIDER_NAME. */
  name: string;
}

/** The providers this deployment configured, as Better Auth built them (none: no section to show). */
export async function configuredProviders(): Promise<SignInProvider[]> {
  const context = await auth().$context;
  return context.socialProviders.map((provider) => ({ id: provider.id, name: provider.name }));
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
