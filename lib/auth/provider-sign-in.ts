import type { BetterAuthPlugin } from "better-auth";
import { providerAccountHooks } from "./provider-accounts";
import { bindStateToProvider } from "./provider-identity";

/**
 * Sign-in with Google, GitHub or an OIDC provider, made safe: the state names its provider, no
 * provider token is kept, and a password someone set on an address they never proved is dropped
 * before a provider joins it. Which identities are accepted: lib/auth/provider-identity.ts.
 */
export function providerSignIn() {
  return {
    id: "provider-sign-in",
    init: () => ({ options: { databaseHooks: providerAccountHooks } }),
    hooks: { before: [bindStateToProvider] },
  } satisfies BetterAuthPlugin;
}
