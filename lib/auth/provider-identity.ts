import type { BetterAuthOptions } from "better-auth";
import { addOAuthServerContext, createAuthMiddleware, getOAuthState } from "better-auth/api";
import { onPaths } from "./hook-context";
import { CALLBACK_PATHS, type ProviderId } from "./providers";

type ValidateUserInfo = NonNullable<NonNullable<BetterAuthOptions["user"]>["validateUserInfo"]>;

/** Providers we trust to say an address is verified: ours, configured by the operator. */
const isOurProvider = (id: string | undefined): id is ProviderId =>
  id !== undefined && Object.hasOwn(CALLBACK_PATHS, id);

/**
 * Better Auth's state does not name the provider it was made for: we add it (server-side, so a
 * client cannot choose it), and a callback for another provider is refused.
 */
export const bindStateToProvider = {
  matcher: onPaths("/sign-in/social", "/link-social"),
  handler: createAuthMiddleware(async (ctx) => {
    const provider = (ctx.body as { provider?: unknown } | undefined)?.provider;
    if (typeof provider === "string") await addOAuthServerContext({ providerId: provider });
  }),
};

/** The provider a callback's state was made for; undefined outside a redirect (a native ID token). */
async function stateProvider(): Promise<unknown> {
  const state = await getOAuthState();
  if (!state) return undefined;
  return (state.serverContext as { providerId?: unknown } | undefined)?.providerId ?? null;
}

/**
 * A provider identity creates, joins or signs in to an account only from one of our providers,
 * through the provider its state was made for, with an address the provider says it verified.
 * Better Auth asks before any row is written (user.validateUserInfo): a refusal leaves nothing.
 */
export const checkProviderIdentity: ValidateUserInfo = async ({ user, source }) => {
  if (source.method !== "oauth") return;
  const providerId = source.oauth?.providerId;
  if (!isOurProvider(providerId)) {
    return { error: "untrusted_provider", errorDescription: "This provider cannot sign in here." };
  }
  const madeFor = await stateProvider();
  if (madeFor !== undefined && madeFor !== providerId) {
    return { error: "provider_mismatch", errorDescription: "This sign-in was started elsewhere." };
  }
  if (user.emailVerified !== true) {
    return {
      error: "email_not_verified",
      errorDescription: "The provider has not verified this email address.",
    };
  }
};
