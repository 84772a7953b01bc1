"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import QRCode from "qrcode";
import { confirmPasswordInput } from "@/lib/account/schema";
import { auth } from "@/lib/auth";
import {
  authenticatorCodeInput,
  backupCodeInput,
  passkeyIdInput,
  renamePasskeyInput,
} from "@/lib/factors/schema";
import { type Factor, proveFactor } from "@/lib/factors/step-up";
import { signedInFormAction } from "@/lib/forms/action";
import {
  type AuthAnswers,
  authFailureState,
  fieldRefusal,
  redrawn,
  staleStepUp,
} from "@/lib/forms/auth-failure";
import type { FormState } from "@/lib/forms/state";

const PAGE = "/settings/security";

const passkeyGone = redrawn(PAGE, "That passkey is not in your list.");

/** Better Auth's refusals that the page explains; anything else is logged and answered plainly. */
const REFUSALS: AuthAnswers = {
  INVALID_PASSWORD: fieldRefusal("password", "That is not your password"),
  ...staleStepUp(PAGE),
  PASSKEY_NOT_FOUND: passkeyGone,
  UNAUTHORIZED: passkeyGone,
  LAST_SIGN_IN_FACTOR: (error) => ({ status: "error", message: error.message }),
  INVALID_CODE: fieldRefusal("code", "That code is not right. Codes change every 30 seconds."),
};

const refusal = (error: unknown, what: string) => authFailureState(error, what, REFUSALS);

/** A step-up on this page: any factor the account has. */
function confirmWith(
  factor: Factor,
  schema: typeof confirmPasswordInput | typeof authenticatorCodeInput | typeof backupCodeInput,
) {
  return signedInFormAction(
    PAGE,
    { operation: factor === "password" ? "passwordProof" : "secondFactorCode", schema },
    async (input, { session }): Promise<FormState> => {
      const value = "password" in input ? input.password : input.code;
      const result = await proveFactor(factor, value, session.session.id);
      if (result !== "proved") return result;
      revalidatePath(PAGE);
      return { status: "success", message: "Thanks. You can now change how you sign in." };
    },
  );
}

export const confirmPasswordForSecurityAction = confirmWith("password", confirmPasswordInput);
export const confirmCodeForSecurityAction = confirmWith("code", authenticatorCodeInput);
export const confirmBackupCodeForSecurityAction = confirmWith("backupCode", backupCodeInput);

/** Starts enrolment: the QR code and secret are shown once, confirmed by the next form. */
export const startAuthenticatorAction = signedInFormAction(
  PAGE,
  { operation: "passwordProof", schema: confirmPasswordInput },
  async ({ password }): Promise<FormState> => {
    let totpURI: string;
    let backupCodes: string[];
    try {
      ({ totpURI, backupCodes } = (await auth().api.enableTwoFactor({
        body: { password },
        headers: await headers(),
      })) as { totpURI: string; backupCodes: string[] });
    } catch (error) {
      return refusal(error, "Starting the authenticator app");
    }
    const secret = new URL(totpURI).searchParams.get("secret") ?? "";
    const qrSvg = await QRCode.toString(totpURI, {
      type: "svg",
      margin: 1,
      errorCorrectionLevel: "M",
    });
    return {
      status: "success",
      message: "Scan the QR code with your authenticator app, then enter the code it shows.",
      reveal: { qrSvg, secret, backupCodes },
    };
  },
);

export const confirmAuthenticatorAction = signedInFormAction(
  PAGE,
  { operation: "secondFactorCode", schema: authenticatorCodeInput },
  async ({ code }): Promise<FormState> => {
    try {
      await auth().api.verifyTOTP({ body: { code }, headers: await headers() });
    } catch (error) {
      return refusal(error, "Confirming the authenticator app");
    }
    // Better Auth replaced this device's session: the form reloads the page with the new cookies.
    return { status: "success", message: "Your authenticator app is set up." };
  },
);

export const disableAuthenticatorAction = signedInFormAction(
  PAGE,
  { operation: "passwordProof", schema: confirmPasswordInput },
  async ({ password }): Promise<FormState> => {
    try {
      await auth().api.disableTwoFactor({ body: { password }, headers: await headers() });
    } catch (error) {
      return refusal(error, "Removing the authenticator app");
    }
    return { status: "success", message: "The authenticator app was removed." };
  },
);

export const regenerateBackupCodesAction = signedInFormAction(
  PAGE,
  { operation: "passwordProof", schema: confirmPasswordInput },
  async ({ password }): Promise<FormState> => {
    let backupCodes: string[];
    try {
      ({ backupCodes } = await auth().api.generateBackupCodes({
        body: { password },
        headers: await headers(),
      }));
    } catch (error) {
      return refusal(error, "Making new backup codes");
    }
    return {
      status: "success",
      message: "Here are your new backup codes. The old ones no longer work.",
      reveal: { backupCodes },
    };
  },
);

export const renamePasskeyAction = signedInFormAction(
  PAGE,
  { operation: "accountWrite", schema: renamePasskeyInput, keep: ["name"] },
  async ({ id, name }): Promise<FormState> => {
    try {
      await auth().api.updatePasskey({ body: { id, name }, headers: await headers() });
    } catch (error) {
      return refusal(error, "Renaming a passkey");
    }
    revalidatePath(PAGE);
    return { status: "success", message: "Passkey renamed." };
  },
);

export const removePasskeyAction = signedInFormAction(
  PAGE,
  { operation: "accountWrite", schema: passkeyIdInput },
  async ({ id }): Promise<FormState> => {
    try {
      await auth().api.deletePasskey({ body: { id }, headers: await headers() });
    } catch (error) {
      return refusal(error, "Removing a passkey");
    }
    revalidatePath(PAGE);
    return { status: "success", message: "Passkey removed." };
  },
);
