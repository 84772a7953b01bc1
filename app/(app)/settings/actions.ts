"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { authErrorCode, passwordRejection } from "@/lib/account/auth-errors";
import {
  changeEmailInput,
  changePasswordInput,
  confirmPasswordInput,
  updateNameInput,
} from "@/lib/account/schema";
import { auth } from "@/lib/auth";
import { signedInFormAction } from "@/lib/forms/action";
import { type FormState, UNEXPECTED } from "@/lib/forms/state";
import { loggable } from "@/lib/log";
import { STEP_UP_REQUIRED } from "@/lib/sessions/step-up-required";

const PAGE = "/settings";
const WRONG_PASSWORD = "That is not your current password";

export const updateNameAction = signedInFormAction(
  PAGE,
  { operation: "accountWrite", schema: updateNameInput, keep: ["name"] },
  async ({ name }) => {
    try {
      await auth().api.updateUser({ body: { name }, headers: await headers() });
    } catch (error) {
      console.error("Updating the name failed:", authErrorCode(error) ?? loggable(error));
      return { status: "error", message: UNEXPECTED };
    }
    return { status: "success", message: "Name saved." };
  },
);

export const changeEmailAction = signedInFormAction(
  PAGE,
  { operation: "emailLink", schema: changeEmailInput, keep: ["newEmail"] },
  async ({ newEmail }, { session }) => {
    const current = session.user.email;
    if (newEmail === current) {
      return {
        status: "error",
        message: "Check the highlighted field.",
        fields: { newEmail: "That is already your email" },
      };
    }
    try {
      await auth().api.changeEmail({
        body: { newEmail, callbackURL: "/settings?email=approved" },
        headers: await headers(),
      });
    } catch (error) {
      const code = authErrorCode(error);
      if (code === "RATE_LIMITED") throw error;
      if (code === STEP_UP_REQUIRED.code) {
        // The password proof went stale while the page was open: the reload shows the step-up.
        revalidatePath(PAGE);
        return { status: "error", message: "Confirm it's you first, then try again." };
      }
      console.error("Changing the email failed:", code ?? loggable(error));
      return { status: "error", message: UNEXPECTED, values: { newEmail } };
    }
    // Worded the same whether or not another account already uses that address.
    return {
      status: "success",
      message: `We sent ${current} a link to approve the change. Once you open it, ${newEmail} gets a link to confirm; your email changes only then.`,
    };
  },
);

export const changePasswordAction = signedInFormAction(
  PAGE,
  { operation: "passwordProof", schema: changePasswordInput },
  async (input): Promise<FormState> => {
    try {
      await auth().api.changePassword({ body: input, headers: await headers() });
    } catch (error) {
      const rejected = passwordRejection(error);
      if (rejected)
        return {
          status: "error",
          message: "Choose another password.",
          fields: { newPassword: rejected },
        };
      const code = authErrorCode(error);
      if (code === "RATE_LIMITED") throw error;
      if (code === "INVALID_PASSWORD") {
        return {
          status: "error",
          message: "Check the highlighted field.",
          fields: { currentPassword: WRONG_PASSWORD },
        };
      }
      console.error("Changing the password failed:", code ?? loggable(error));
      return { status: "error", message: UNEXPECTED };
    }
    const others = input.revokeOtherSessions ? " Your other devices were signed out." : "";
    return { status: "success", message: `Password changed.${others}` };
  },
);

export const deleteAccountAction = signedInFormAction(
  PAGE,
  { operation: "passwordProof", schema: confirmPasswordInput },
  async ({ password }) => {
    try {
      // Sessions, accounts and todos go with the user (foreign keys cascade in one statement).
      await auth().api.deleteUser({ body: { password }, headers: await headers() });
    } catch (error) {
      const code = authErrorCode(error);
      if (code === "RATE_LIMITED") throw error;
      if (code === "INVALID_PASSWORD") {
        return {
          status: "error",
          message: "Your account was not deleted.",
          fields: { password: WRONG_PASSWORD },
        };
      }
      console.error("Deleting the account failed:", code ?? loggable(error));
      return { status: "error", message: UNEXPECTED };
    }
    redirect("/?deleted=1");
  },
);
