"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import * as z from "zod";
import { authErrorCode } from "@/lib/account/auth-errors";
import { confirmPasswordInput } from "@/lib/account/schema";
import { auth } from "@/lib/auth";
import { parseForm } from "@/lib/forms/parse-form";
import { CROSS_ORIGIN_MESSAGE, isCrossOriginPost } from "@/lib/forms/same-origin";
import { type FormState, UNEXPECTED } from "@/lib/forms/state";
import { loggable } from "@/lib/log";
import { endRevokedSession, requireActor } from "@/lib/session";
import { SessionRevokedError } from "@/lib/sessions/actor";
import {
  markPasswordConfirmed,
  revokeDevice,
  revokeOtherDevices,
  StepUpRequiredError,
} from "@/lib/sessions/queries";

const PAGE = "/settings/sessions";

/** Step-up for the devices page: the password proves it is still the owner at this device. */
export async function confirmPasswordAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  return confirmPassword(formData, PAGE, "Thanks. You can now manage your devices.");
}

/** Step-up before changing the email on /settings. */
export async function confirmPasswordForEmailAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  return confirmPassword(formData, "/settings", "Thanks. You can now change your email.");
}

async function confirmPassword(formData: FormData, page: string, done: string): Promise<FormState> {
  const actor = await requireActor(page);
  const input = await parseForm(confirmPasswordInput, formData);
  if (!input.ok) return input.state;
  try {
    await auth().api.verifyPassword({
      body: { password: input.data.password },
      headers: await headers(),
    });
  } catch (error) {
    if (authErrorCode(error) === "INVALID_PASSWORD") {
      return {
        status: "error",
        message: "Check the highlighted field.",
        fields: { password: "That is not your password" },
      };
    }
    console.error("Password confirmation failed:", authErrorCode(error) ?? loggable(error));
    return { status: "error", message: UNEXPECTED };
  }
  try {
    await markPasswordConfirmed(actor);
  } catch (error) {
    if (error instanceof SessionRevokedError) await endRevokedSession(page);
    throw error;
  }
  revalidatePath(page);
  return { status: "success", message: done };
}

const revokeInput = z.object({ sessionId: z.string().min(1).max(200) });

/** Runs a device sign-out, turning a stale password proof into a fresh step-up prompt. */
async function manageDevices(write: () => Promise<unknown>): Promise<FormState> {
  if (await isCrossOriginPost()) return { status: "error", message: CROSS_ORIGIN_MESSAGE };
  try {
    await write();
  } catch (error) {
    if (error instanceof SessionRevokedError) await endRevokedSession(PAGE);
    if (error instanceof StepUpRequiredError) {
      revalidatePath(PAGE);
      return { status: "error", message: "Confirm your password again to manage devices." };
    }
    throw error;
  }
  revalidatePath(PAGE);
  return { status: "success", message: "Signed out." };
}

export async function revokeDeviceAction(
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(PAGE);
  const parsed = revokeInput.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return { status: "error", message: "That device is not in your list." };
  return manageDevices(() => revokeDevice(actor, parsed.data.sessionId));
}

export async function revokeOtherDevicesAction(
  _previous: FormState,
  _formData: FormData,
): Promise<FormState> {
  const actor = await requireActor(PAGE);
  return manageDevices(() => revokeOtherDevices(actor));
}
