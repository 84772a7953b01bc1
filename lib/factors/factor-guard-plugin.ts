import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { steppedUpRecently } from "@/lib/account/queries";
import { onPaths, sessionFromRow } from "@/lib/auth-plugin";
import { STEP_UP_REQUIRED } from "@/lib/sessions/step-up-required";
import { rememberDeviceChallenge } from "./device-challenge";
import { canSignInWithout } from "./queries";

/** Adding or removing a passkey changes how the account signs in: a recent step-up, any factor. */
const STEP_UP_PATHS = [
  "/passkey/generate-register-options",
  "/passkey/verify-registration",
  "/passkey/delete-passkey",
];

const requireFreshStepUp = createAuthMiddleware(async (ctx) => {
  const session = await sessionFromRow(ctx);
  if (!session) return; // Better Auth answers 401 itself.
  if (await steppedUpRecently(session.session.id)) return;
  throw APIError.from("FORBIDDEN", STEP_UP_REQUIRED);
});

/** The account must keep a way to sign in: the last passkey of an account with no password stays. */
const keepLastSignInFactor = createAuthMiddleware(async (ctx) => {
  const session = await sessionFromRow(ctx);
  const id = (ctx.body as { id?: unknown } | undefined)?.id;
  if (!session || typeof id !== "string") return;
  if (await canSignInWithout(session.user.id, id)) return;
  throw APIError.from("BAD_REQUEST", {
    code: "LAST_SIGN_IN_FACTOR",
    message:
      "This is the only way left to sign in to your account; add another before removing it.",
  });
});

/**
 * Better Auth's trusted-device cookie would let a password alone sign in on that browser for
 * weeks, surviving sign-out: not offered (see README, "Second factors").
 */
const refuseTrustedDevice = createAuthMiddleware(async (ctx) => {
  if ((ctx.body as { trustDevice?: unknown } | undefined)?.trustDevice !== true) return;
  throw APIError.from("BAD_REQUEST", {
    code: "TRUST_DEVICE_NOT_OFFERED",
    message: "Trusting a device is not offered: every sign-in asks for the code.",
  });
});

/** The rules around changing second factors, for the security page and the HTTP API alike. */
export function guardFactorChanges() {
  return {
    id: "factor-guard",
    hooks: {
      before: [
        { matcher: onPaths(...STEP_UP_PATHS), handler: requireFreshStepUp },
        { matcher: onPaths("/passkey/delete-passkey"), handler: keepLastSignInFactor },
        {
          matcher: onPaths("/two-factor/verify-totp", "/two-factor/verify-backup-code"),
          handler: refuseTrustedDevice,
        },
      ],
      after: [
        {
          matcher: onPaths("/sign-in/email"),
          handler: createAuthMiddleware(rememberDeviceChallenge),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
