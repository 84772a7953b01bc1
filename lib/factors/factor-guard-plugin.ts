import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { onPaths, sessionFromRow } from "@/lib/auth/hook-context";
import { SECOND_FACTOR_STEP_UP_REQUIRED, STEP_UP_REQUIRED } from "@/lib/sessions/step-up-required";
import { rememberDeviceChallenge } from "./device-challenge";
import { canSignInWithout, factorChangeStepUp } from "./queries";

/**
 * Changes to how the account signs in, or reads of a factor's secrets: adding or removing a
 * passkey, turning the app off, its secret (the QR code) and new backup codes. Each needs a recent
 * step-up, and one beyond the password once the app is on (lib/factors/queries.ts).
 */
const STEP_UP_PATHS = [
  "/passkey/generate-register-options",
  "/passkey/verify-registration",
  "/passkey/delete-passkey",
  "/two-factor/disable",
  "/two-factor/get-totp-uri",
  "/two-factor/generate-backup-codes",
];

const requireFreshStepUp = createAuthMiddleware(async (ctx) => {
  const session = await sessionFromRow(ctx);
  if (!session) return; // Better Auth answers 401 itself.
  const needs = await factorChangeStepUp(session.session.id);
  if (needs === "ready") return;
  throw APIError.from(
    "FORBIDDEN",
    needs === "beyond-password" ? SECOND_FACTOR_STEP_UP_REQUIRED : STEP_UP_REQUIRED,
  );
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
