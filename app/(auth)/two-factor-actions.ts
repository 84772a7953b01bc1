"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "@/lib/auth";
import { signInBackupCodeInput, signInCodeInput } from "@/lib/factors/schema";
import { formAction } from "@/lib/forms/action";
import { type AuthAnswers, authFailureState, fieldRefusal } from "@/lib/forms/auth-failure";
import type { FormState } from "@/lib/forms/state";
import { safeNextPath } from "@/lib/http/safe-next-path";

const START_AGAIN: FormState = {
  status: "error",
  message:
    "This sign-in has expired or had too many wrong codes. Sign in with your password again.",
  reason: "invalid_link",
};

/** Why the second step refused, in words; a spent or missing challenge starts sign-in again. */
function refusal(error: unknown, wrong: string): Promise<FormState> {
  const answers: AuthAnswers = {
    INVALID_CODE: fieldRefusal("code", wrong),
    INVALID_BACKUP_CODE: fieldRefusal("code", wrong),
    INVALID_TWO_FACTOR_COOKIE: START_AGAIN,
    TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE: START_AGAIN,
    ACCOUNT_TEMPORARILY_LOCKED: {
      status: "error",
      message: "Too many wrong codes. Try again in 15 minutes.",
    },
  };
  return authFailureState(error, "Two-factor sign-in", answers);
}

/** The second step with one kind of code: on success, on to where sign-in was going. */
function secondStep(
  schema: typeof signInCodeInput | typeof signInBackupCodeInput,
  verify: (code: string, requestHeaders: Headers) => Promise<unknown>,
  wrong: string,
) {
  return formAction({ operation: "secondFactorCode", schema }, async ({ code, next }) => {
    try {
      await verify(code, await headers());
    } catch (error) {
      return refusal(error, wrong);
    }
    redirect(safeNextPath(next));
  });
}

export const verifySignInCodeAction = secondStep(
  signInCodeInput,
  (code, requestHeaders) => auth().api.verifyTOTP({ body: { code }, headers: requestHeaders }),
  "That code is not right. Codes change every 30 seconds.",
);

export const verifySignInBackupCodeAction = secondStep(
  signInBackupCodeInput,
  (code, requestHeaders) =>
    auth().api.verifyBackupCode({ body: { code }, headers: requestHeaders }),
  "That backup code is not right, or it was used already.",
);
