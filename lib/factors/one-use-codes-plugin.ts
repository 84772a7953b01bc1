import "server-only";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { TWO_FACTOR_ERROR_CODES } from "better-auth/plugins";
import { originOf, recordFailedSignIn } from "@/lib/activity/record";
import { onPaths } from "@/lib/auth-plugin";
import { requestSession } from "@/lib/sessions/bearer-plugin";
import { pendingSignIn } from "./pending-sign-in";
import { type CodeClaim, claimCode, releaseCode } from "./used-codes";

const VERIFY_CODE = "/two-factor/verify-totp";

/** Where the before-hook noted the code it claimed, for the after-hook. */
type ClaimingContext = { context: { codeClaim?: CodeClaim } };

/**
 * Each authenticator code is accepted once (ASVS V2.8.4), at sign-in and at step-up alike: a code
 * seen over a shoulder or read off a phishing page is spent once the owner has typed it. A replay
 * is answered as a wrong code, counts as one against the account's code guesses, and shows in
 * the owner's security log.
 */
export function acceptEachCodeOnce() {
  return {
    id: "accept-each-code-once",
    hooks: {
      before: [
        {
          matcher: onPaths(VERIFY_CODE),
          handler: createAuthMiddleware(async (ctx) => {
            const code = (ctx.body as { code?: unknown } | undefined)?.code;
            if (typeof code !== "string") return; // Better Auth refuses the body itself.
            const session = await requestSession(ctx);
            const pending = session ? undefined : await pendingSignIn(ctx);
            const userId = session?.user.id ?? pending?.id;
            if (!userId) return; // Better Auth answers 401 itself.
            const claim = await claimCode(userId, code);
            if (!claim) {
              if (pending) recordFailedSignIn(pending.email, "reused_code", originOf(ctx.headers));
              throw APIError.from("UNAUTHORIZED", TWO_FACTOR_ERROR_CODES.INVALID_CODE);
            }
            (ctx as ClaimingContext).context.codeClaim = claim;
          }),
        },
      ],
      after: [
        {
          matcher: onPaths(VERIFY_CODE),
          handler: createAuthMiddleware(async (ctx) => {
            const claim = (ctx as ClaimingContext).context.codeClaim;
            if (claim && isAPIError(ctx.context.returned)) await releaseCode(claim);
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
