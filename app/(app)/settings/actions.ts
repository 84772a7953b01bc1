"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type * as z from "zod";
import { authErrorCode, passwordRejection } from "@/lib/account/auth-errors";
import {
  changeEmailInput,
  changePasswordInput,
  deleteAccountInput,
  updateNameInput,
} from "@/lib/account/schema";
import { auth } from "@/lib/auth";
import { rateLimitRefusal } from "@/lib/forms/rate-limited";
import type { FormState } from "@/lib/forms/state";
import { fieldErrors } from "@/lib/http/request";
import { requireSession } from "@/lib/session";

const UNEXPECTED = "Something went wrong on our side; nothing was changed. Please try again.";
const WRONG_PASSWORD = "That is not your current password";

type Parsed<T extends z.ZodType> =
  | { ok: true; data: z.infer<T>; email: string }
  | { ok: false; state: FormState };

/** session -> rate limit -> parse, for every settings form. `keep` names fields to refill on error. */
async function parse<T extends z.ZodType>(
  schema: T,
  formData: FormData,
  keep: string[] = [],
): Promise<Parsed<T>> {
  const { user } = await requireSession("/settings");
  const values = Object.fromEntries(keep.map((name) => [name, String(formData.get(name) ?? "")]));
  const refused = await rateLimitRefusal(values);
  if (refused) return { ok: false, state: refused };
  const parsed = schema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    return {
      ok: false,
      state: {
        status: "error",
        message: "Check the highlighted field.",
        fields: fieldErrors(parsed.error),
        values,
      },
    };
  }
  return { ok: true, data: parsed.data, email: user.email };
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
    console.error("Updating the name failed:", authErrorCode(error) ?? error);
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
    console.error("Changing the email failed:", authErrorCode(error) ?? error);
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
    console.error("Changing the password failed:", authErrorCode(error) ?? error);
    return { status: "error", message: UNEXPECTED };
  }
  const others = revokeOtherSessions ? " Your other devices were signed out." : "";
  return { status: "success", message: `Password changed.${others}` };
}

export async function deleteAccountAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const input = await parse(deleteAccountInput, formData);
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
    console.error("Deleting the account failed:", authErrorCode(error) ?? error);
    return { status: "error", message: UNEXPECTED };
  }
  redirect("/?deleted=1");
}
