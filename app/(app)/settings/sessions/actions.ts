"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import * as z from "zod";
import { confirmPasswordInput } from "@/lib/account/schema";
import { auth } from "@/lib/auth";
import { STEP_UP_SESSION_HEADER } from "@/lib/auth/step-up";
import { signedInFormAction } from "@/lib/forms/action";
import { authFailureState, fieldRefusal } from "@/lib/forms/auth-failure";
import type { FormState } from "@/lib/forms/state";
import type { SignedIn } from "@/lib/identity/handoff";
import { endRevokedSession } from "@/lib/sessions/end-revoked-session";
import { revokeDevice, revokeOtherDevices, StepUpRequiredError } from "@/lib/sessions/queries";

const PAGE = "/settings/sessions";

const actorOf = ({ user, session }: SignedIn) => ({ userId: user.id, sessionId: session.id });

/** Step-up: the password proves it is still the owner at this device. */
function confirmPassword(page: string, done: string) {
  return signedInFormAction(
    page,
    { operation: "passwordProof", schema: confirmPasswordInput },
    async ({ password }, { session }): Promise<FormState> => {
      // Better Auth records the proof on the session it checked; it must be this page's session.
      const forwarded = new Headers(await headers());
      forwarded.set(STEP_UP_SESSION_HEADER, session.session.id);
      // Better Auth found no session: it ended elsewhere since the page loaded.
      const signedOutElsewhere = () => endRevokedSession(page);
      try {
        await auth().api.verifyPassword({ body: { password }, headers: forwarded });
      } catch (error) {
        return authFailureState(error, "Password confirmation", {
          INVALID_PASSWORD: fieldRefusal("password", "That is not your password"),
          UNAUTHORIZED: signedOutElsewhere,
          STEP_UP_SESSION_MISMATCH: {
            status: "error",
            message:
              "Nothing was confirmed: this browser sent another session. Sign out and in again.",
          },
        });
      }
      revalidatePath(page);
      return { status: "success", message: done };
    },
  );
}

/** Step-up for the devices page. */
export const confirmPasswordAction = confirmPassword(
  PAGE,
  "Thanks. You can now manage your devices.",
);

/** Step-up before changing the email on /settings. */
export const confirmPasswordForEmailAction = confirmPassword(
  "/settings",
  "Thanks. You can now change your email.",
);

/**
 * Runs a device sign-out (the same functions answer Better Auth's /revoke-* endpoints), turning a
 * stale password proof into a fresh step-up prompt.
 */
async function manageDevices(write: () => Promise<string>): Promise<FormState> {
  let message: string;
  try {
    message = await write();
  } catch (error) {
    if (!(error instanceof StepUpRequiredError)) throw error;
    revalidatePath(PAGE);
    return { status: "error", message: "Confirm it's you again to manage devices." };
  }
  revalidatePath(PAGE);
  return { status: "success", message };
}

const revokeInput = z.object({ sessionId: z.string().min(1).max(200) });

export const revokeDeviceAction = signedInFormAction(
  PAGE,
  { operation: "accountWrite", schema: revokeInput, invalid: "That device is not in your list." },
  async ({ sessionId }, { session }) =>
    manageDevices(async () =>
      (await revokeDevice(actorOf(session), sessionId))
        ? "Signed out."
        : "That device was already signed out.",
    ),
);

export const revokeOtherDevicesAction = signedInFormAction(
  PAGE,
  { operation: "accountWrite", schema: z.object({}) },
  async (_input, { session }) =>
    manageDevices(async () => {
      await revokeOtherDevices(actorOf(session));
      return "Signed out.";
    }),
);
