import "server-only";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { TWO_FACTOR_ERROR_CODES } from "better-auth/plugins";
import { originOf, recordFailedSignIn } from "@/lib/activity/record";
import { onPaths } from "@/lib/auth/hook-context";
import { requestSession } from "@/lib/sessions/bearer-plugin";
import { pendingSignIn } from "./pending-sign-in";
import { type CodeClaim, claimCode, releaseCode } from "./used-codes";

const VERIFY_CODE = "/two-factor/verify-totp";

/** Where the before-hook noted the claims it made, for the after-hook. */
type ClaimingContext = { context: { codeClaims?: CodeClaim[] } };

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
            // Every account Better Auth may check the code against: the session's, and the pending
            // sign-in's, which it falls back to if the session has ended by the time it reads it (a
            // sign-out racing this request). Expired challenges too: Better Auth checks expiry on its
            // own clock, later.
            const session = await requestSession(ctx);
            const pending = await pendingSignIn(ctx, { evenExpired: true });
            const accounts = new Set(
              [session?.user.id, pending?.id].filter((id) => id !== undefined),
            );
            const claims: CodeClaim[] = [];
            for (const userId of accounts) {
              const claim = await claimCode(userId, code);
              if (!claim) {
                await Promise.all(claims.map(releaseCode));
                if (pending && userId === pending.id)
                  recordFailedSignIn(pending.email, "reused_code", originOf(ctx.headers));
                throw APIError.from("UNAUTHORIZED", TWO_FACTOR_ERROR_CODES.INVALID_CODE);
              }
              claims.push(claim);
            }
            (ctx as ClaimingContext).context.codeClaims = claims;
          }),
        },
      ],
      after: [
        {
          matcher: onPaths(VERIFY_CODE),
          handler: createAuthMiddleware(async (ctx) => {
            const claims = (ctx as ClaimingContext).context.codeClaims ?? [];
            if (isAPIError(ctx.context.returned)) await Promise.all(claims.map(releaseCode));
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
