"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { authErrorCode } from "@/lib/account/auth-errors";
import { auth } from "@/lib/auth";
import { signInBackupCodeInput, signInCodeInput } from "@/lib/factors/schema";
import { formAction } from "@/lib/forms/action";
import { type FormState, UNEXPECTED } from "@/lib/forms/state";
import { safeNextPath } from "@/lib/http/safe-next-path";
import { loggable } from "@/lib/log";

/** Why the second step refused, in words; a spent or missing challenge starts sign-in again. */
function refusal(error: unknown, wrong: string): FormState {
  const code = authErrorCode(error);
  if (code === "RATE_LIMITED") throw error;
  if (code === "INVALID_CODE" || code === "INVALID_BACKUP_CODE") {
    return { status: "error", message: "Check the highlighted field.", fields: { code: wrong } };
  }
  if (code === "INVALID_TWO_FACTOR_COOKIE" || code === "TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE") {
    return {
      status: "error",
      message:
        "This sign-in has expired or had too many wrong codes. Sign in with your password again.",
      reason: "invalid_link",
    };
  }
  if (code === "ACCOUNT_TEMPORARILY_LOCKED") {
    return { status: "error", message: "Too many wrong codes. Try again in 15 minutes." };
  }
  console.error("Two-factor sign-in failed:", code ?? loggable(error));
  return { status: "error", message: UNEXPECTED };
}

export const verifySignInCodeAction = formAction(
  { operation: "secondFactorCode", schema: signInCodeInput },
  async ({ code, next }) => {
    try {
      await auth().api.verifyTOTP({ body: { code }, headers: await headers() });
    } catch (error) {
      return refusal(error, "That code is not right. Codes change every 30 seconds.");
    }
    redirect(safeNextPath(next));
  },
);

export const verifySignInBackupCodeAction = formAction(
  { operation: "secondFactorCode", schema: signInBackupCodeInput },
  async ({ code, next }) => {
    try {
      await auth().api.verifyBackupCode({ body: { code }, headers: await headers() });
    } catch (error) {
      return refusal(error, "That backup code is not right, or it was used already.");
    }
    redirect(safeNextPath(next));
  },
);
