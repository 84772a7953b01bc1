"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type * as z from "zod";
import { authErrorCode, passwordRejection } from "@/lib/account/auth-errors";
import {
  changeEmailInput,
  changePasswordInput,
  confirmPasswordInput,
  updateNameInput,
} from "@/lib/account/schema";
import { auth } from "@/lib/auth";
import { parseForm } from "@/lib/forms/parse-form";
import { type FormState, UNEXPECTED } from "@/lib/forms/state";
import { loggable } from "@/lib/log";
import { requireSession } from "@/lib/session";

const WRONG_PASSWORD = "That is not your current password";

/** Every settings form: a signed-in user, then the shared rate-limit and schema checks. */
async function parse<T extends z.ZodType>(schema: T, formData: FormData, keep: string[] = []) {
  const { user } = await requireSession("/settings");
  const input = await parseForm(schema, formData, keep);
  return input.ok ? { ...input, email: user.email } : input;
}

export async function updateNameAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const input = await parse(updateNameInput, formData, ["name"]);
  if (!input.ok) return input.state;
  try {
    await auth().api.updateUser({ body: { name: input.data.name }, headers: await headers() });
  } catch (error) {
    console.error("Updating the name failed:", authErrorCode(error) ?? loggable(error));
    return { status: "error", message: UNEXPECTED };
  }
  return { status: "success", message: "Name saved." };
}

export async function changeEmailAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const input = await parse(changeEmailInput, formData, ["newEmail"]);
  if (!input.ok) return input.state;
  const { newEmail } = input.data;
  if (newEmail === input.email) {
    return {
      status: "error",
      message: "Check the highlighted field.",
      fields: { newEmail: "That is already your email" },
    };
  }
  try {
    await auth().api.changeEmail({
      body: { newEmail, callbackURL: "/settings?email=confirmed" },
      headers: await headers(),
    });
  } catch (error) {
    if (authErrorCode(error) === "PASSWORD_CONFIRMATION_REQUIRED") {
      // The password proof went stale while the page was open: the reload shows the step-up.
      revalidatePath("/settings");
      return { status: "error", message: "Confirm your password first, then try again." };
    }
    console.error("Changing the email failed:", authErrorCode(error) ?? loggable(error));
    return { status: "error", message: UNEXPECTED, values: { newEmail } };
  }
  // Worded the same whether or not another account already uses that address.
  return {
    status: "success",
    message: `We sent a confirmation link to ${newEmail}. Your email changes when you open it; until then, keep using ${input.email}.`,
  };
}

export async function changePasswordAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const input = await parse(changePasswordInput, formData);
  if (!input.ok) return input.state;
  const { revokeOtherSessions } = input.data;
  try {
    await auth().api.changePassword({ body: input.data, headers: await headers() });
  } catch (error) {
    const rejected = passwordRejection(error);
    if (rejected)
      return {
        status: "error",
        message: "Choose another password.",
        fields: { newPassword: rejected },
      };
    if (authErrorCode(error) === "INVALID_PASSWORD") {
      return {
        status: "error",
        message: "Check the highlighted field.",
        fields: { currentPassword: WRONG_PASSWORD },
      };
    }
    console.error("Changing the password failed:", authErrorCode(error) ?? loggable(error));
    return { status: "error", message: UNEXPECTED };
  }
  const others = revokeOtherSessions ? " Your other devices were signed out." : "";
  return { status: "success", message: `Password changed.${others}` };
}

export async function deleteAccountAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const input = await parse(confirmPasswordInput, formData);
  if (!input.ok) return input.state;
  try {
    // Sessions, accounts and todos go with the user (foreign keys cascade in one statement).
    await auth().api.deleteUser({
      body: { password: input.data.password },
      headers: await headers(),
    });
  } catch (error) {
    if (authErrorCode(error) === "INVALID_PASSWORD") {
      return {
        status: "error",
        message: "Your account was not deleted.",
        fields: { password: WRONG_PASSWORD },
      };
    }
    console.error("Deleting the account failed:", authErrorCode(error) ?? loggable(error));
    return { status: "error", message: UNEXPECTED };
  }
  redirect("/?deleted=1");
}
