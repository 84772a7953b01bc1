import { createAuthMiddleware, getShouldSkipSessionRefresh } from "better-auth/api";
import { deleteSessionCookie, expireCookie, setRequestCookie } from "better-auth/cookies";
import { generateRandomString, makeSignature } from "better-auth/crypto";
import { cancelEmailChange } from "@/lib/account/email-change";
import { db } from "@/lib/db";
import { chargeRenewal } from "@/lib/rate-limit/renewal-limit";
import { type Claim, claimSuccessor, rotateToken } from "@/lib/sessions/retired-tokens";
import {
  answeredFromAccessCookie,
  type CookieSession,
  writeSessionCookies,
} from "@/lib/sessions/session-cookies";
import { publishSessionsEnded } from "@/lib/todos/feed-publish";
import {
  credentialHeaders,
  feature,
  type HookContext,
  responseCookies,
  sentSessionToken,
} from "./hook-context";

type SessionPair = {
  session: { id: string; token: string } & Record<string, unknown>;
  user: { id: string; email: string };
};

export interface RotationOptions {
  /** A replaced token came back as reuse (no race, no lost response): revoked; tell the owner. */
  onReuse: (user: { id: string; email: string }) => void;
}

/**
 * Before every endpoint: the credentials Better Auth reads (see credentialHeaders), so a device's
 * bearer session token is its session cookie, and only get-session may answer from the access cookie.
 */
const readCredentialsAsSent = createAuthMiddleware(async (ctx) => {
  const headers = await credentialHeaders(ctx);
  if (headers.get("cookie") === (ctx.headers?.get("cookie") ?? null)) return;
  return { context: { headers } };
});

/**
 * Only get-session renews the access cookie, and it rotates whenever it reads the row. Any other
 * endpoint that would hand out a fresh access cookie for the token the client sent (update-user,
 * or any endpoint that reads the session) expires it instead: a stolen session cookie cannot be
 * renewed there without rotating. A new token (sign-in, rotation) keeps its access cookie.
 */
const accessCookieOnlyWithNewToken = createAuthMiddleware(async (ctx) => {
  const cookies = responseCookies(ctx);
  if (cookies.size === 0) return;
  const { sessionToken, sessionData } = ctx.context.authCookies;
  const access = [...cookies].find(
    ([name, cookie]) =>
      (name === sessionData.name || name.startsWith(`${sessionData.name}.`)) &&
      cookie.value &&
      cookie["max-age"] !== 0,
  );
  if (!access) return;
  const given = cookies.get(sessionToken.name);
  const givenToken = given?.["max-age"] === 0 ? "" : given?.value.split(".")[0];
  const sent = (await sentSessionToken(ctx))?.token;
  if (!givenToken || givenToken === sent) expireCookie(ctx, sessionData);
});

/**
 * Refresh-token rotation with reuse detection (Supabase Auth's reuse interval, Auth0's rotation
 * with leeway). Every renewal that reads the session row (a get-session not answered from the
 * request's own access cookie, whatever else the request carries, or /token for bearer devices)
 * replaces the session token; the row and its id stay, so the device keeps its place in the
 * device list. The replaced token answers with its successor for ROTATION_GRACE_SECONDS, or once
 * more if the rotation's response was lost (see claimSuccessor); otherwise it proves theft and
 * its session is revoked.
 */
export function sessionRotation(options: RotationOptions) {
  return feature(
    "session-rotation",
    { before: [{ matcher: () => true, handler: readCredentialsAsSent }] },
    {
      before: [
        {
          // A replaced token is swapped for its successor first, so a racing renewal gets a JWT and
          // a sign-out signs the device out (get-session recovers in its after-hook instead).
          matcher: (ctx: { path?: string }) => ctx.path === "/token" || ctx.path === "/sign-out",
          handler: createAuthMiddleware(async (ctx) => {
            const presented = (await sentSessionToken(ctx))?.token;
            const claim = presented ? await claimSuccessor(presented) : undefined;
            if (!claim) return;
            if (claim.outcome === "reuse") return revokeReused(ctx, claim, options);
            const headers = await credentialHeaders(ctx);
            const signed = `${claim.successor}.${await makeSignature(claim.successor, ctx.context.secret)}`;
            setRequestCookie(headers, ctx.context.authCookies.sessionToken.name, signed);
            return { context: { headers } };
          }),
        },
      ],
      after: [
        {
          matcher: (ctx: { path?: string }) => ctx.path === "/get-session" || ctx.path === "/token",
          handler: createAuthMiddleware(async (ctx) => {
            // A server component cannot set cookies: rotating there would strand the browser.
            if (await getShouldSkipSessionRefresh()) return;
            const presented = await presentedToken(ctx);
            if (!presented) return;
            const current = sessionOf(ctx);
            // The before-hook swapped a replaced token for its successor: hand the successor over.
            const sent = (await sentSessionToken(ctx))?.token;
            if (current && sent !== presented)
              return writeSessionCookies(ctx, current as CookieSession);
            if (current && (await readTheRow(ctx, presented))) {
              await chargeRenewal(ctx, current.session.id);
              return rotate(ctx, current, presented, options);
            }
            if (!current && ctx.path === "/get-session") return recover(ctx, presented, options);
          }),
        },
      ],
    },
    {
      after: [
        {
          matcher: (ctx: { path?: string }) => ctx.path !== "/get-session",
          handler: accessCookieOnlyWithNewToken,
        },
      ],
    },
  );
}

/** After the before-hooks: the session token Better Auth acted on (a bearer token turned cookie). */
async function presentedToken(ctx: HookContext): Promise<string | undefined> {
  const token = await ctx.getSignedCookie(
    ctx.context.authCookies.sessionToken.name,
    ctx.context.secret,
  );
  return token || undefined;
}

/** Reuse: whoever holds this token is not the device that rotated it. */
async function revokeReused(ctx: HookContext, claim: Claim, options: RotationOptions) {
  const user = await ctx.context.internalAdapter.findUserById(claim.userId);
  const revoked = await db()
    .deleteFrom("session")
    .where("id", "=", claim.sessionId)
    .executeTakeFirst();
  deleteSessionCookie(ctx);
  if (revoked.numDeletedRows > 0n) await publishSessionsEnded(claim.userId, [claim.sessionId]);
  // Racing replays revoke the session once and tell the owner once.
  if (user && revoked.numDeletedRows > 0n) {
    // Whatever the thief asked for from that session (an email change) goes with it.
    await cancelEmailChange(user.id);
    options.onReuse(user);
  }
}

function sessionOf(ctx: HookContext): SessionPair | undefined {
  if (ctx.path === "/token") return (ctx.context.session as SessionPair | null) ?? undefined;
  const returned = ctx.context.returned as SessionPair | null | undefined;
  return returned && typeof returned === "object" && "session" in returned ? returned : undefined;
}

/**
 * A device asked /token, or get-session read the session row. Without access cookies (the
 * benchmark's database-session baseline) a get-session is a plain check, not a renewal.
 */
async function readTheRow(ctx: HookContext, presented: string): Promise<boolean> {
  if (ctx.path === "/token") return true;
  if (!ctx.context.options.session?.cookieCache?.enabled) return false;
  return !(await answeredFromAccessCookie(ctx, presented));
}

async function rotate(
  ctx: HookContext,
  current: SessionPair,
  presented: string,
  options: RotationOptions,
) {
  const token = generateRandomString(32, "a-z", "A-Z", "0-9");
  if (!(await rotateToken(current.session.id, presented, token))) {
    return recover(ctx, presented, options);
  }
  const next = {
    session: { ...current.session, token, updatedAt: new Date() },
    user: current.user,
  };
  await writeSessionCookies(ctx, next as CookieSession);
  if (ctx.path === "/get-session") return ctx.json(next);
}

/** get-session with a replaced token: its successor (grace or recovery), or a revoked session. */
async function recover(ctx: HookContext, presented: string, options: RotationOptions) {
  const claim = await claimSuccessor(presented);
  if (!claim) return;
  if (claim.outcome === "reuse") {
    await revokeReused(ctx, claim, options);
    return ctx.json(null);
  }
  const successor = (await ctx.context.internalAdapter.findSession(
    claim.successor,
  )) as SessionPair | null;
  if (!successor) return;
  await writeSessionCookies(ctx, successor as CookieSession);
  return ctx.json(successor);
}
