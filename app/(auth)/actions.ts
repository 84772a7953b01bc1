"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { authErrorCode, authErrorMessage, passwordRejection } from "@/lib/account/auth-errors";
import { emailOnlyInput, signInInput, signUpInput } from "@/lib/account/schema";
import { auth } from "@/lib/auth";
import { rateLimitRefusal } from "@/lib/forms/rate-limited";
import type { FormState } from "@/lib/forms/state";
import { fieldErrors } from "@/lib/http/request";
import { safeNextPath } from "@/lib/middleware/routes";

/** Where a verification link lands: the page sends signed-in users on to /todos. */
const VERIFIED_CALLBACK = "/verify-email?from=link";
const UNEXPECTED = "Something went wrong on our side. Please try again.";

export async function signUpAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = {
    name: String(formData.get("name") ?? ""),
    email: String(formData.get("email") ?? ""),
  };
  const refused = await rateLimitRefusal(values);
  if (refused) return refused;
  const parsed = signUpInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return {
      status: "error",
      message: "Check the highlighted fields.",
      fields: fieldErrors(parsed.error),
      values,
    };
  }
  try {
    await auth().api.signUpEmail({
      body: { ...parsed.data, callbackURL: VERIFIED_CALLBACK },
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
    console.error("Sign-up failed:", authErrorCode(error) ?? error);
    return { status: "error", message: authErrorMessage(error) ?? UNEXPECTED, values };
  }
  // The same answer whether or not the address already had an account (its owner gets an email).
  redirect(`/verify-email?email=${encodeURIComponent(parsed.data.email)}`);
}

export async function signInAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = { email: String(formData.get("email") ?? "") };
  const refused = await rateLimitRefusal(values);
  if (refused) return refused;
  const parsed = signInInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return {
      status: "error",
      message: "Check the highlighted fields.",
      fields: fieldErrors(parsed.error),
      values,
    };
  }
  const { email, password, rememberMe, next } = parsed.data;
  try {
    await auth().api.signInEmail({
      body: { email, password, rememberMe, callbackURL: VERIFIED_CALLBACK },
      headers: await headers(),
    });
  } catch (error) {
    const code = authErrorCode(error);
    if (!code) console.error("Sign-in failed:", error);
    return {
      status: "error",
      message: authErrorMessage(error) ?? UNEXPECTED,
      values,
      ...(code === "EMAIL_NOT_VERIFIED" && { reason: "email_not_verified" as const }),
    };
  }
  redirect(safeNextPath(next));
}

export async function resendVerificationAction(
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
      message: "Check the highlighted fields.",
      fields: fieldErrors(parsed.error),
      values,
    };
  }
  try {
    await auth().api.sendVerificationEmail({
      body: { email: parsed.data.email, callbackURL: VERIFIED_CALLBACK },
      headers: await headers(),
    });
  } catch (error) {
    console.error("Resending the verification email failed:", authErrorCode(error) ?? error);
    return { status: "error", message: UNEXPECTED, values };
  }
  // Worded so it does not reveal whether the address has an unverified account.
  return {
    status: "success",
    message: `If ${parsed.data.email} has an account waiting for verification, a new link is on its way.`,
  };
}
