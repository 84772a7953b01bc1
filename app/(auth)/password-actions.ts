"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { authErrorCode, passwordRejection } from "@/lib/account/auth-errors";
import { emailOnlyInput, resetPasswordInput } from "@/lib/account/schema";
import { auth } from "@/lib/auth";
import { formAction } from "@/lib/forms/action";
import { UNEXPECTED } from "@/lib/forms/state";
import { loggable } from "@/lib/log";

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
      if (authErrorCode(error) === "RATE_LIMITED") throw error;
      console.error("Password reset request failed:", authErrorCode(error) ?? loggable(error));
      return { status: "error", message: UNEXPECTED, values: { email } };
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
      const rejected = passwordRejection(error);
      if (rejected)
        return {
          status: "error",
          message: "Choose another password.",
          fields: { newPassword: rejected },
        };
      const code = authErrorCode(error);
      if (code === "INVALID_TOKEN" || code === "USER_NOT_FOUND") {
        return {
          status: "error",
          message: "This reset link has expired or was already used.",
          reason: "invalid_link",
        };
      }
      console.error("Password reset failed:", code ?? loggable(error));
      return { status: "error", message: UNEXPECTED };
    }
    redirect("/sign-in?reset=done");
  },
);
