"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { authErrorCode, passwordRejection } from "@/lib/account/auth-errors";
import { emailOnlyInput, resetPasswordInput } from "@/lib/account/schema";
import { auth } from "@/lib/auth";
import { rateLimitRefusal } from "@/lib/forms/rate-limited";
import type { FormState } from "@/lib/forms/state";
import { fieldErrors } from "@/lib/http/request";

const UNEXPECTED = "Something went wrong on our side. Please try again.";

export async function forgotPasswordAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const values = { email: String(formData.get("email") ?? "") };
  const refused = await rateLimitRefusal(values);
  if (refused) return refused;
  const parsed = emailOnlyInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return {
      status: "error",
      message: "Check the highlighted field.",
      fields: fieldErrors(parsed.error),
      values,
    };
  }
  try {
    // The email itself goes out after the response (see lib/background.ts).
    await auth().api.requestPasswordReset({
      body: { email: parsed.data.email, redirectTo: "/reset-password" },
      headers: await headers(),
    });
  } catch (error) {
    console.error("Password reset request failed:", authErrorCode(error) ?? error);
    return { status: "error", message: UNEXPECTED, values };
  }
  // The same words whether or not the address has an account.
  return {
    status: "success",
    message: `If ${parsed.data.email} has an account, a link to reset its password is on its way. It is valid for 1 hour.`,
  };
}

export async function resetPasswordAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const parsed = resetPasswordInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return {
      status: "error",
      message: "Choose another password.",
      fields: fieldErrors(parsed.error),
    };
  }
  try {
    await auth().api.resetPassword({
      body: { token: parsed.data.token, newPassword: parsed.data.newPassword },
      headers: await headers(),
    });
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
    console.error("Password reset failed:", code ?? error);
    return { status: "error", message: UNEXPECTED };
  }
  redirect("/sign-in?reset=done");
}
