import { createAuthMiddleware, isAPIError } from "better-auth/api";
import { changeClaims } from "@/lib/account/change-email-token";
import { type HookContext, onPaths, succeeded } from "@/lib/auth/hook-context";
import { providerName } from "@/lib/auth/providers";
import { originOf, recordEvent, recordFailedSignIn } from "./record";

type NewSession = { session: { id: string }; user: { id: string } };

const errorCode = (ctx: HookContext) => {
  const { returned } = ctx.context;
  return isAPIError(returned) ? (returned.body as { code?: string } | undefined)?.code : undefined;
};

const field = (ctx: HookContext, name: string) => {
  const value = (ctx.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : undefined;
};

/** The address a change-email link moves the account to: only its second, verifying link moves it. */
function movedTo(ctx: HookContext): string | undefined {
  const claims = changeClaims(typeof ctx.query?.token === "string" ? ctx.query.token : "");
  return claims?.requestType === "change-email-verification" ? claims.updateTo : undefined;
}

/** A sign-in through a provider: "Signed in with GitHub" (a provider's callback, or a native ID token). */
function recordProviderSignIn(ctx: HookContext, providerId: unknown) {
  const created = (ctx.context as { newSession?: NewSession | null }).newSession;
  if (!created || !succeeded(ctx) || typeof providerId !== "string") return;
  const origin = originOf(ctx.headers, created.session.id);
  recordEvent(created.user, "sign_in", origin, { detail: providerName(providerId) ?? providerId });
}

const handlers: Record<string, (ctx: HookContext) => void> = {
  "/callback/:id": (ctx) => recordProviderSignIn(ctx, ctx.params?.id),
  "/sign-in/social": (ctx) => recordProviderSignIn(ctx, field(ctx, "provider")),
  "/sign-in/email": (ctx) => {
    const created = (ctx.context as { newSession?: NewSession | null }).newSession;
    const origin = originOf(ctx.headers, created?.session.id);
    if (created && succeeded(ctx)) return recordEvent(created.user, "sign_in", origin);
    const email = field(ctx, "email");
    if (email && errorCode(ctx) === "INVALID_EMAIL_OR_PASSWORD")
      recordFailedSignIn(email, "wrong_password", origin);
  },
  "/change-password": (ctx) => {
    const session = ctx.context.session;
    if (session && succeeded(ctx))
      recordEvent(session.user, "password_changed", originOf(ctx.headers, session.session.id));
  },
  "/change-email": (ctx) => {
    const session = ctx.context.session;
    if (session && succeeded(ctx))
      recordEvent(
        session.user,
        "email_change_requested",
        originOf(ctx.headers, session.session.id),
        {
          detail: field(ctx, "newEmail")?.trim().toLowerCase(),
        },
      );
  },
  "/verify-email": (ctx) => {
    const newEmail = movedTo(ctx);
    if (newEmail && succeeded(ctx))
      recordEvent({ email: newEmail }, "email_changed", originOf(ctx.headers), {
        detail: newEmail,
      });
  },
};

/**
 * The account's security log (lib/activity): what Better Auth's endpoints did, recorded after the
 * response. Events decided elsewhere (new devices, resets, reuse, device sign-outs, refusals) are
 * recorded where they are decided.
 */
export function recordActivity() {
  return {
    after: [
      {
        matcher: onPaths(...Object.keys(handlers)),
        handler: createAuthMiddleware(async (ctx) => {
          handlers[ctx.path ?? ""]?.(ctx);
        }),
      },
    ],
  };
}
