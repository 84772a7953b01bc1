"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { authErrorCode, authErrorMessage, passwordRejection } from "@/lib/account/auth-errors";
import { emailOnlyInput, signInInput, signUpInput } from "@/lib/account/schema";
import { auth } from "@/lib/auth";
import { formAction } from "@/lib/forms/action";
import { UNEXPECTED } from "@/lib/forms/state";
import { safeNextPath } from "@/lib/http/safe-next-path";
import { loggable } from "@/lib/log";

/** Where a verification link lands: the page sends signed-in users on to /todos. */
const VERIFIED_CALLBACK = "/verify-email?from=link";

export const signUpAction = formAction(
  { operation: "signUp", schema: signUpInput, keep: ["name", "email"] },
  async (input, { values }) => {
    try {
      await auth().api.signUpEmail({
        body: { ...input, callbackURL: VERIFIED_CALLBACK },
        headers: await headers(),
      });
    } catch (error) {
      const rejected = passwordRejection(error);
      if (rejected) {
        return {
          status: "error",
          message: "Choose another password.",
          fields: { password: rejected },
          values,
        };
      }
      console.error("Sign-up failed:", authErrorCode(error) ?? loggable(error));
      return { status: "error", message: authErrorMessage(error) ?? UNEXPECTED, values };
    }
    // The same answer whether or not the address already had an account (its owner gets an email).
    redirect(`/verify-email?email=${encodeURIComponent(input.email)}`);
  },
);

export const signInAction = formAction(
  { operation: "signIn", schema: signInInput, keep: ["email"] },
  async ({ email, password, rememberMe, next }) => {
    let pendingCode = false;
    try {
      const result = await auth().api.signInEmail({
        body: { email, password, rememberMe, callbackURL: VERIFIED_CALLBACK },
        headers: await headers(),
      });
      // The password was right and the account has an authenticator app: its code comes next.
      pendingCode = "twoFactorRedirect" in result && result.twoFactorRedirect === true;
    } catch (error) {
      const code = authErrorCode(error);
      if (code === "RATE_LIMITED") throw error;
      if (!code) console.error("Sign-in failed:", loggable(error));
      return {
        status: "error",
        message: authErrorMessage(error) ?? UNEXPECTED,
        values: { email },
        ...(code === "EMAIL_NOT_VERIFIED" && { reason: "email_not_verified" as const }),
      };
    }
    if (pendingCode) {
      redirect(`/sign-in/two-factor?${new URLSearchParams({ next: safeNextPath(next) })}`);
    }
    redirect(safeNextPath(next));
  },
);

export const resendVerificationAction = formAction(
  { operation: "emailLink", schema: emailOnlyInput, keep: ["email"] },
  async ({ email }) => {
    try {
      await auth().api.sendVerificationEmail({
        body: { email, callbackURL: VERIFIED_CALLBACK },
        headers: await headers(),
      });
    } catch (error) {
      if (authErrorCode(error) === "RATE_LIMITED") throw error;
      console.error(
        "Resending the verification email failed:",
        authErrorCode(error) ?? loggable(error),
      );
      return { status: "error", message: UNEXPECTED, values: { email } };
    }
    // Worded so it does not reveal whether the address has an unverified account.
    return {
      status: "success",
      message: `If ${email} has an account waiting for verification, a new link is on its way.`,
    };
  },
);
