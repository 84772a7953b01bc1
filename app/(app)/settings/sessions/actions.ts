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
import { revokeDevice, revokeOtherDevices, StepUpRequiredError } from "@/lib/sessions/queries";
import { STEP_UP_SESSION_HEADER } from "@/lib/sessions/step-up-plugin";
import { SessionRevokedError } from "@/lib/todos/actor";

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
  // Better Auth records the proof on the session it checked; it must be this page's session.
  const forwarded = new Headers(await headers());
  forwarded.set(STEP_UP_SESSION_HEADER, actor.sessionId);
  try {
    await auth().api.verifyPassword({
      body: { password: input.data.password },
      headers: forwarded,
    });
  } catch (error) {
    const code = authErrorCode(error);
    if (code === "INVALID_PASSWORD") {
      return {
        status: "error",
        message: "Check the highlighted field.",
        fields: { password: "That is not your password" },
      };
    }
    if (code === "UNAUTHORIZED") await endRevokedSession(page);
    if (code === "STEP_UP_SESSION_MISMATCH") {
      return {
        status: "error",
        message: "Nothing was confirmed: this browser sent another session. Sign out and in again.",
      };
    }
    console.error("Password confirmation failed:", code ?? loggable(error));
    return { status: "error", message: UNEXPECTED };
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
