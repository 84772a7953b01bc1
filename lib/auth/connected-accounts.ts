import {
  APIError,
  addOAuthServerContext,
  createAuthMiddleware,
  getOAuthState,
} from "better-auth/api";
import { originOf, recordEvent } from "@/lib/activity/record";
import { runAfterResponse } from "@/lib/background";
import { canSignInWithoutAccount, providerOfAccount } from "@/lib/connected-accounts/queries";
import { sendEmail } from "@/lib/email";
import {
  type ConnectedAccountChange,
  connectedAccountNotice,
} from "@/lib/email/connected-account-messages";
import { env } from "@/lib/env";
import { markStepUp } from "@/lib/sessions/step-up-freshness";
import {
  feature,
  type HookContext,
  onPaths,
  returnedLocation,
  sessionFromRow,
  succeeded,
} from "./hook-context";
import { endReplacedSession } from "./step-up";

/** Where a provider hands the browser back (the OIDC path is rewritten to it: lib/auth/oidc-sign-in.ts). */
const CALLBACK_PATH = "/callback/:id";

type Noted = {
  context: { unlinking?: { userId: string; email: string; providerId: string } };
};
const noted = (ctx: HookContext) => (ctx as unknown as Noted).context;

function providerName(ctx: HookContext, providerId: string): string {
  const provider = ctx.context.socialProviders.find((p) => p.id === providerId);
  return provider?.name ?? providerId;
}

function announce(
  ctx: HookContext,
  user: { id: string; email: string },
  providerId: string,
  change: ConnectedAccountChange,
) {
  const name = providerName(ctx, providerId);
  recordEvent(
    { id: user.id },
    change === "connected" ? "factor_added" : "factor_removed",
    originOf(ctx.headers),
    { detail: `${name} account` },
  );
  const base = env().BETTER_AUTH_URL;
  const notice = connectedAccountNotice(
    change,
    name,
    `${base}/settings/security`,
    `${base}/forgot-password`,
  );
  runAfterResponse(sendEmail({ to: user.email, ...notice }));
}

/** The account must keep a way to sign in: its last provider goes only once a password or passkey is there. */
const keepLastSignInMethod = createAuthMiddleware(async (ctx) => {
  const session = await sessionFromRow(ctx);
  const accountId = (ctx.body as { accountId?: unknown } | undefined)?.accountId;
  if (!session || typeof accountId !== "string") return;
  const providerId = await providerOfAccount(session.user.id, accountId);
  // The password is not a connected account: it changes on /settings, with its own checks and notice.
  if (providerId === "credential") {
    throw APIError.from("BAD_REQUEST", {
      code: "PASSWORD_NOT_A_CONNECTED_ACCOUNT",
      message: "Your password is not a connected account: change it in Settings.",
    });
  }
  if (providerId && !(await canSignInWithoutAccount(session.user.id, accountId))) {
    throw APIError.from("BAD_REQUEST", {
      code: "LAST_SIGN_IN_METHOD",
      message:
        "This is the only way left to sign in to your account. Add a password or a passkey, or connect another account, before disconnecting it.",
    });
  }
  if (providerId) {
    noted(ctx).unlinking = { userId: session.user.id, email: session.user.email, providerId };
  }
});

/**
 * Better Auth links an ID token straight into an account row, past the provider callback where a
 * link is announced: connecting is the redirect flow only, so the owner always hears of it.
 */
const refuseLinkByIdToken = createAuthMiddleware(async (ctx) => {
  if (!(ctx.body as { idToken?: unknown } | undefined)?.idToken) return;
  throw APIError.from("BAD_REQUEST", {
    code: "LINK_BY_PROVIDER_SIGN_IN",
    message: "Connect an account from the security page, by signing in with its provider.",
  });
});

const announceUnlink = createAuthMiddleware(async (ctx) => {
  const unlinking = noted(ctx).unlinking;
  if (!unlinking || !succeeded(ctx)) return;
  announce(
    ctx,
    { id: unlinking.userId, email: unlinking.email },
    unlinking.providerId,
    "disconnected",
  );
});

/**
 * A provider sign-in started from a signed-in browser is a step-up with the provider: the state
 * (server-side, not the client's `additionalData`) remembers which session asked.
 */
const noteStepUpWithProvider = createAuthMiddleware(async (ctx) => {
  if ((ctx.body as { idToken?: unknown } | undefined)?.idToken) return; // No fresh login at the provider.
  const session = await sessionFromRow(ctx);
  if (!session) return;
  await addOAuthServerContext({
    stepUpFrom: { sessionId: session.session.id, userId: session.user.id },
  });
});

type StepUpFrom = { sessionId: string; userId: string };

export function stepUpFromState(value: unknown): StepUpFrom | undefined {
  const from = (value as { stepUpFrom?: Partial<StepUpFrom> } | null)?.stepUpFrom;
  if (typeof from?.sessionId !== "string" || typeof from.userId !== "string") return undefined;
  return { sessionId: from.sessionId, userId: from.userId };
}

/** The provider sent the browser back with an error (Better Auth puts it in the redirect). */
function redirectedWithError(ctx: HookContext): boolean {
  const location = returnedLocation(ctx);
  if (!location) return true;
  return new URL(location, "http://placeholder").searchParams.has("error");
}

/**
 * Back from the provider: a link announces itself; a step-up sign-in by the same account marks
 * its new session proved with the provider and ends the session it was made from, so the device
 * keeps one session (as a passkey proof does).
 */
const afterProviderCallback = createAuthMiddleware(async (ctx) => {
  const state = await getOAuthState();
  if (!state || redirectedWithError(ctx)) return;
  const providerId = ctx.params?.id;
  if (state.link && typeof providerId === "string") {
    announce(ctx, { id: state.link.userId, email: state.link.email }, providerId, "connected");
    return;
  }
  const from = stepUpFromState(state.serverContext);
  const created = ctx.context.newSession;
  if (!from || !created || created.user.id !== from.userId) return;
  await markStepUp(created.session.id, "provider");
  if (created.session.id === from.sessionId) return;
  await endReplacedSession(from.sessionId, from.userId);
});

/**
 * Connected accounts: the last way to sign in stays, linking and unlinking are told to the owner
 * and logged, and a provider sign-in from a signed-in browser counts as a step-up. Linking and
 * unlinking need a step-up first (lib/auth/step-up.ts).
 */
export function connectedAccounts() {
  return feature("connected-accounts", {
    before: [
      { matcher: onPaths("/unlink-account"), handler: keepLastSignInMethod },
      { matcher: onPaths("/link-social"), handler: refuseLinkByIdToken },
      { matcher: onPaths("/sign-in/social"), handler: noteStepUpWithProvider },
    ],
    after: [
      { matcher: onPaths("/unlink-account"), handler: announceUnlink },
      { matcher: onPaths(CALLBACK_PATH), handler: afterProviderCallback },
    ],
  });
}
