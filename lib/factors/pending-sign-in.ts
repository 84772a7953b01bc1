import "server-only";
import type { HookContext } from "@/lib/auth/hook-context";
import { pendingSignInUser } from "./queries";

/** The account whose two-factor sign-in this browser has pending (its signed challenge cookie). */
export async function pendingSignIn(ctx: HookContext, options?: { evenExpired?: boolean }) {
  const cookie = ctx.context.createAuthCookie("two_factor");
  const challenge = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
  return challenge ? pendingSignInUser(challenge, options) : undefined;
}
