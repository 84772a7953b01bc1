import type { GenericEndpointContext } from "better-auth";

type AccountData = { providerId?: string; userId?: string } & Record<string, unknown>;

/** We never call a provider's API: its tokens are not kept (an ID token would be a bearer credential too). */
const NO_PROVIDER_TOKENS = { accessToken: null, refreshToken: null, idToken: null };

/**
 * A provider account is joined to a user whose address was never proven (someone signed it up with
 * a password and never opened the link): that password and any session are someone else's claim
 * on the address the provider has just verified, so they go before the provider's account joins.
 */
async function dropUnprovenClaims(userId: string, ctx: GenericEndpointContext | null) {
  const adapter = ctx?.context.internalAdapter;
  if (!adapter) return;
  const user = await adapter.findUserById(userId);
  if (!user || user.emailVerified) return;
  for (const account of await adapter.findAccounts(userId)) {
    if (account.providerId === "credential") await adapter.deleteAccount(account.id);
  }
  await adapter.deleteUserSessions(userId);
}

/** Better Auth database hooks for provider accounts (installed by lib/auth/provider-sign-in.ts). */
export const providerAccountHooks = {
  account: {
    create: {
      before: async (account: AccountData, ctx: GenericEndpointContext | null) => {
        if (account.providerId === "credential") return;
        if (account.userId) await dropUnprovenClaims(account.userId, ctx);
        return { data: { ...account, ...NO_PROVIDER_TOKENS } };
      },
    },
    update: {
      before: async (account: Partial<AccountData>) => ({
        data: { ...account, ...NO_PROVIDER_TOKENS },
      }),
    },
  },
};
