import { parseCookies } from "better-auth/cookies";
import { sql } from "kysely";
import { type HookContext, responseCookies } from "@/lib/auth/hook-context";
import { db } from "@/lib/db";
import { verifySignedToken } from "@/lib/sessions/bearer-token";

/** Better Auth's cookie for a sign-in whose code is still pending (the "2fa-…" challenge id). */
const CHALLENGE_COOKIE = "two_factor";
const MARK = "device-challenge:";

const challengeCookieName = (ctx: HookContext) =>
  ctx.context.createAuthCookie(CHALLENGE_COOKIE).name;

/**
 * A password step that came with no cookie at all is a device signing in (what earns
 * `set-auth-token` at a one-step sign-in): its pending challenge remembers that, so the code
 * step answers it the same way, though it carries the challenge cookie.
 */
export async function rememberDeviceChallenge(ctx: HookContext): Promise<void> {
  if (!ctx.request || ctx.request.headers.has("cookie")) return;
  const value = responseCookies(ctx).get(challengeCookieName(ctx))?.value;
  const challenge = value && (await verifySignedToken(value, ctx.context.secret));
  if (!challenge) return;
  await db()
    .insertInto("verification")
    .values({
      id: crypto.randomUUID(),
      identifier: `${MARK}${challenge.token}`,
      value: "device",
      expiresAt: sql<Date>`now() + interval '10 minutes'`,
      createdAt: sql<Date>`now()`,
      updatedAt: sql<Date>`now()`,
    })
    .execute();
}

/** The request's only cookie is a pending challenge that a device (no cookies) started. */
export async function isDeviceChallenge(ctx: HookContext): Promise<boolean> {
  const cookies = parseCookies(ctx.request?.headers.get("cookie") ?? "");
  const value = cookies.get(challengeCookieName(ctx));
  if (!value || cookies.size !== 1) return false;
  const challenge = await verifySignedToken(value, ctx.context.secret);
  if (!challenge) return false;
  const row = await db()
    .selectFrom("verification")
    .select("id")
    .where("identifier", "=", `${MARK}${challenge.token}`)
    .where("expiresAt", ">", sql<Date>`now()`)
    .executeTakeFirst();
  return row !== undefined;
}
