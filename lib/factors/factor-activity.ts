import { isAPIError } from "better-auth/api";
import { originOf, recordEvent, recordFailedSignIn } from "@/lib/activity/record";
import type { HookContext } from "@/lib/auth/hook-context";
import type { FactorChange } from "@/lib/email/messages";
import { pendingSignIn } from "./pending-sign-in";

/** How each factor change reads in the account's security log. */
const LOGGED: Partial<
  Record<FactorChange, { type: "factor_added" | "factor_removed"; detail: string }>
> = {
  "passkey-added": { type: "factor_added", detail: "passkey" },
  "passkey-removed": { type: "factor_removed", detail: "passkey" },
  "authenticator-added": { type: "factor_added", detail: "authenticator app" },
  "authenticator-removed": { type: "factor_removed", detail: "authenticator app" },
  "backup-codes-regenerated": { type: "factor_added", detail: "new backup codes" },
};

export function logFactorChange(ctx: HookContext, email: string, change: FactorChange) {
  const entry = LOGGED[change];
  if (entry) recordEvent({ email }, entry.type, originOf(ctx.headers), { detail: entry.detail });
}

const SIGN_IN_PROOFS = [
  "/two-factor/verify-totp",
  "/two-factor/verify-backup-code",
  "/passkey/verify-authentication",
];

/**
 * A sign-in finished by a code or a passkey is a sign-in in the log; a wrong code at sign-in's
 * second step is a failed attempt (the password was right, so it says "wrong code").
 */
export async function logSecondStep(ctx: HookContext, hadSession: boolean) {
  if (!SIGN_IN_PROOFS.includes(ctx.path ?? "") || hadSession) return;
  const created = ctx.context.newSession;
  const { returned } = ctx.context;
  if (created && !isAPIError(returned)) {
    recordEvent(created.user, "sign_in", originOf(ctx.headers, created.session.id), {
      detail: ctx.path === "/passkey/verify-authentication" ? "passkey" : "code",
    });
    return;
  }
  const code = isAPIError(returned)
    ? (returned.body as { code?: string } | undefined)?.code
    : undefined;
  if (code !== "INVALID_CODE" && code !== "INVALID_BACKUP_CODE") return;
  const pending = await pendingSignIn(ctx);
  if (pending) recordFailedSignIn(pending.email, "wrong_code", originOf(ctx.headers));
}
