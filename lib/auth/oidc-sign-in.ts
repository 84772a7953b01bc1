import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import { type GenericOAuthConfig, genericOAuth } from "better-auth/plugins/generic-oauth";

/** The endpoints that build a provider's redirect URI. */
const providerPaths = new Set(["/sign-in/social", "/link-social", "/callback/:id"]);

type Providers = { id: string; callbackPath?: string }[];

/** Our contract's callback for a generic provider (DESIGN.md); Better Auth 1.7.29 itself uses /callback/:id. */
const callbackPathOf = (providerId: string) => `/oauth2/callback/${providerId}`;

/**
 * Better Auth's genericOAuth plugin for any OpenID Connect provider, answering on
 * /api/auth/oauth2/callback/:id: the address operators register, and the one the authorization
 * request and the code exchange both name (a provider compares them).
 */
export function oidcSignIn(config: GenericOAuthConfig[]) {
  const plugin = genericOAuth({ config });
  const ids = new Set(config.map((provider) => provider.providerId));
  const setOurCallbackPath = (providers: Providers) => {
    for (const provider of providers) {
      if (ids.has(provider.id)) provider.callbackPath = callbackPathOf(provider.id);
    }
  };
  return {
    ...plugin,
    init: async (ctx) => {
      const result = await plugin.init(ctx);
      setOurCallbackPath(result.context.socialProviders);
      return result;
    },
    hooks: {
      before: [
        ...plugin.hooks.before,
        // Its own hook retries a discovery that failed at start: a provider built then gets our path too.
        {
          matcher: (context) => providerPaths.has(context.path ?? ""),
          handler: createAuthMiddleware(async (ctx) => {
            setOurCallbackPath(ctx.context.socialProviders);
          }),
        },
      ],
    },
    onRequest: async (request, ctx) => {
      // Only GET: we never ask a provider to post its answer (response_mode form_post).
      if (request.method !== "GET") return;
      const url = new URL(request.url);
      const prefix = `${new URL(ctx.baseURL).pathname}/oauth2/callback/`;
      const providerId = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : "";
      if (!ids.has(providerId)) return;
      // Better Auth's own callback endpoint does the work: state, PKCE, code exchange, sign-in.
      url.pathname = url.pathname.replace("/oauth2/callback/", "/callback/");
      return { request: new Request(url, request) };
    },
  } satisfies BetterAuthPlugin;
}
