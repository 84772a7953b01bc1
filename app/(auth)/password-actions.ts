"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { emailOnlyInput, resetPasswordInput } from "@/lib/account/schema";
import { auth } from "@/lib/auth";
import { formAction } from "@/lib/forms/action";
import { authFailureState, rejectedPassword } from "@/lib/forms/auth-failure";
import type { FormState } from "@/lib/forms/state";

const EXPIRED_LINK: FormState = {
  status: "error",
  message: "This reset link has expired or was already used.",
  reason: "invalid_link",
};

export const forgotPasswordAction = formAction(
  { operation: "emailLink", schema: emailOnlyInput, keep: ["email"] },
  async ({ email }) => {
    try {
      // The email itself goes out after the response (see lib/background.ts).
      await auth().api.requestPasswordReset({
        body: { email, redirectTo: "/reset-password" },
        headers: await headers(),
      });
    } catch (error) {
      return authFailureState(error, "Password reset request", {}, { email });
    }
    // The same words whether or not the address has an account.
    return {
      status: "success",
      message: `If ${email} has an account, a link to reset its password is on its way. It is valid for 1 hour.`,
    };
  },
);

export const resetPasswordAction = formAction(
  { operation: "resetPassword", schema: resetPasswordInput },
  async (input) => {
    try {
      await auth().api.resetPassword({ body: input, headers: await headers() });
    } catch (error) {
      return authFailureState(error, "Password reset", {
        ...rejectedPassword("newPassword"),
        INVALID_TOKEN: EXPIRED_LINK,
        USER_NOT_FOUND: EXPIRED_LINK,
      });
    }
    redirect("/sign-in?reset=done");
  },
);
