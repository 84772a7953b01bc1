import { createAuthMiddleware } from "better-auth/api";
import { type HookContext, onPaths, sessionFromRow, succeeded } from "@/lib/auth/hook-context";
import { runAfterResponse } from "@/lib/background";
import { sendEmail } from "@/lib/email";
import { type FactorChange, factorChangeNotice } from "@/lib/email/messages";
import { env } from "@/lib/env";
import { logFactorChange, logSecondStep } from "./factor-activity";

/** Where the before-hook noted who asked and whether an authenticator was already on. */
type NoticeContext = {
  context: { factorNotice?: { email: string; authenticatorWasOn: boolean } };
};

const CHANGE_OF_PATH: Record<string, FactorChange> = {
  "/passkey/verify-registration": "passkey-added",
  "/passkey/delete-passkey": "passkey-removed",
  "/two-factor/disable": "authenticator-removed",
  "/two-factor/generate-backup-codes": "backup-codes-regenerated",
  "/two-factor/verify-backup-code": "backup-code-used",
};

function changeOf(ctx: HookContext, authenticatorWasOn: boolean): FactorChange | undefined {
  // A confirmed code on a signed-in session that had no authenticator yet finishes enrolment.
  if (ctx.path === "/two-factor/verify-totp")
    return authenticatorWasOn ? undefined : "authenticator-added";
  return CHANGE_OF_PATH[ctx.path ?? ""];
}

function notify(ctx: HookContext, email: string, change: FactorChange) {
  logFactorChange(ctx, email, change);
  const base = env().BETTER_AUTH_URL;
  const notice = factorChangeNotice(change, `${base}/settings/security`, `${base}/forgot-password`);
  runAfterResponse(sendEmail({ to: email, ...notice }));
}

/**
 * Emails the owner whenever the account's second factors change or a backup code is spent, and
 * writes those changes and the sign-ins a code or passkey finishes to the security log.
 */
export function announceFactorChanges() {
  const paths = [
    ...Object.keys(CHANGE_OF_PATH),
    "/two-factor/verify-totp",
    "/passkey/verify-authentication",
  ];
  return {
    before: [
      {
        matcher: onPaths(...paths),
        handler: createAuthMiddleware(async (ctx) => {
          const session = await sessionFromRow(ctx);
          if (!session) return;
          const authenticatorWasOn = Boolean(
            (session.user as { twoFactorEnabled?: boolean | null }).twoFactorEnabled,
          );
          (ctx as NoticeContext).context.factorNotice = {
            email: session.user.email,
            authenticatorWasOn,
          };
        }),
      },
    ],
    after: [
      {
        matcher: onPaths(...paths),
        handler: createAuthMiddleware(async (ctx) => {
          const noted = (ctx as NoticeContext).context.factorNotice;
          await logSecondStep(ctx, noted !== undefined);
          if (!succeeded(ctx)) return;
          // A backup code at sign-in has no session yet: the one it created names the owner.
          const email = noted?.email ?? ctx.context.newSession?.user.email;
          const change = changeOf(ctx, noted?.authenticatorWasOn ?? true);
          if (email && change) notify(ctx, email, change);
        }),
      },
    ],
  };
}
