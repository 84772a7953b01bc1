"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { emailOnlyInput, signInInput, signUpInput } from "@/lib/account/schema";
import { auth } from "@/lib/auth";
import { formAction } from "@/lib/forms/action";
import { authFailureState, credentialRefusals, rejectedPassword } from "@/lib/forms/auth-failure";
import { safeNextPath } from "@/lib/http/safe-next-path";

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
      const answers = { ...credentialRefusals(values), ...rejectedPassword("password", values) };
      return authFailureState(error, "Sign-up", answers, values);
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
      return authFailureState(error, "Sign-in", credentialRefusals({ email }), { email });
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
      return authFailureState(error, "Resending the verification email", {}, { email });
    }
    // Worded so it does not reveal whether the address has an unverified account.
    return {
      status: "success",
      message: `If ${email} has an account waiting for verification, a new link is on its way.`,
    };
  },
);
