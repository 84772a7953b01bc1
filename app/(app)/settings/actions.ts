"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import {
  changeEmailInput,
  changePasswordInput,
  confirmPasswordInput,
  updateNameInput,
} from "@/lib/account/schema";
import { auth } from "@/lib/auth";
import { signedInFormAction } from "@/lib/forms/action";
import {
  authFailureState,
  fieldRefusal,
  rejectedPassword,
  staleStepUp,
} from "@/lib/forms/auth-failure";
import type { FormState } from "@/lib/forms/state";

const PAGE = "/settings";
const WRONG_PASSWORD = "That is not your current password";

export const updateNameAction = signedInFormAction(
  PAGE,
  { operation: "accountWrite", schema: updateNameInput, keep: ["name"] },
  async ({ name }) => {
    try {
      await auth().api.updateUser({ body: { name }, headers: await headers() });
    } catch (error) {
      return authFailureState(error, "Updating the name");
    }
    return { status: "success", message: "Name saved." };
  },
);

export const changeEmailAction = signedInFormAction(
  PAGE,
  { operation: "emailLink", schema: changeEmailInput, keep: ["newEmail"] },
  async ({ newEmail }, { session }) => {
    const current = session.user.email;
    if (newEmail === current) return fieldRefusal("newEmail", "That is already your email");
    try {
      await auth().api.changeEmail({
        body: { newEmail, callbackURL: "/settings?email=approved" },
        headers: await headers(),
      });
    } catch (error) {
      return authFailureState(error, "Changing the email", staleStepUp(PAGE), { newEmail });
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
      return authFailureState(error, "Changing the password", {
        ...rejectedPassword("newPassword"),
        INVALID_PASSWORD: fieldRefusal("currentPassword", WRONG_PASSWORD),
      });
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
      return authFailureState(error, "Deleting the account", {
        INVALID_PASSWORD: fieldRefusal("password", WRONG_PASSWORD, "Your account was not deleted."),
      });
    }
    redirect("/?deleted=1");
  },
);
