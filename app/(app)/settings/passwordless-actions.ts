"use server";

import { headers } from "next/headers";
import * as z from "zod";
import { auth } from "@/lib/auth";
import { hasPassword } from "@/lib/connected-accounts/queries";
import { signedInFormAction } from "@/lib/forms/action";
import { authFailureState } from "@/lib/forms/auth-failure";
import type { FormState } from "@/lib/forms/state";

const PAGE = "/settings";

/** Nothing is read from the form: the link always goes to the signed-in account's own address. */
const noInput = z.object({});

/**
 * An account made with a provider adds a password through the reset link, mailed to its own
 * address (Better Auth's reset creates the password row when there is none).
 */
export const addPasswordAction = signedInFormAction(
  PAGE,
  { operation: "emailLink", schema: noInput },
  async (_input, { session }): Promise<FormState> => {
    const email = session.user.email;
    try {
      await auth().api.requestPasswordReset({
        body: { email, redirectTo: "/reset-password" },
        headers: await headers(),
      });
    } catch (error) {
      return authFailureState(error, "Asking for an add-password link");
    }
    return {
      status: "success",
      message: `We sent ${email} a link to choose a password. It is valid for 1 hour; choosing it signs out every device.`,
    };
  },
);

/** Deleting an account with no password: the link mailed to its address is the proof. */
export const requestAccountDeletionAction = signedInFormAction(
  PAGE,
  { operation: "passwordProof", schema: noInput },
  async (_input, { session }): Promise<FormState> => {
    if (await hasPassword(session.user.id)) {
      return { status: "error", message: "Your account has a password: confirm with it instead." };
    }
    try {
      await auth().api.deleteUser({ body: {}, headers: await headers() });
    } catch (error) {
      return authFailureState(error, "Asking for a delete link");
    }
    return {
      status: "success",
      message: `We sent ${session.user.email} a link. Open it in this browser within 1 hour to delete your account.`,
    };
  },
);
