"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "@/lib/auth";
import { configuredProviders, reauthenticationParams } from "@/lib/connected-accounts/providers";
import { listConnectedAccounts } from "@/lib/connected-accounts/queries";
import { accountIdInput, providerInput } from "@/lib/connected-accounts/schema";
import { signedInFormAction } from "@/lib/forms/action";
import { type AuthAnswers, authFailureState, redrawn, staleStepUp } from "@/lib/forms/auth-failure";
import type { FormState } from "@/lib/forms/state";

const PAGE = "/settings/security";

const REFUSALS: AuthAnswers = {
  ...staleStepUp(PAGE),
  LAST_SIGN_IN_METHOD: (error) => ({ status: "error", message: error.message }),
  ACCOUNT_NOT_FOUND: redrawn(PAGE, "That account is not connected any more."),
  PROVIDER_NOT_FOUND: { status: "error", message: "That provider is not offered here." },
};

const notOffered: FormState = { status: "error", message: "That provider is not offered here." };

async function isConfigured(provider: string) {
  return (await configuredProviders()).some((p) => p.id === provider);
}

/** Starts linking a provider to this account (after a step-up): off to the provider, then back here. */
export const connectAccountAction = signedInFormAction(
  PAGE,
  { operation: "accountWrite", schema: providerInput },
  async ({ provider }): Promise<FormState> => {
    if (!(await isConfigured(provider))) return notOffered;
    let url: string;
    try {
      ({ url } = await auth().api.linkSocialAccount({
        body: {
          provider,
          callbackURL: `${PAGE}?connected=${provider}`,
          errorCallbackURL: `${PAGE}?connect_error=${provider}`,
          disableRedirect: true,
        },
        headers: await headers(),
      }));
    } catch (error) {
      return authFailureState(error, "Connecting an account", REFUSALS);
    }
    redirect(url);
  },
);

export const disconnectAccountAction = signedInFormAction(
  PAGE,
  { operation: "accountWrite", schema: accountIdInput },
  async ({ accountId }): Promise<FormState> => {
    try {
      await auth().api.unlinkAccount({ body: { accountId }, headers: await headers() });
    } catch (error) {
      return authFailureState(error, "Disconnecting an account", REFUSALS);
    }
    revalidatePath(PAGE);
    return { status: "success", message: "Disconnected." };
  },
);

/**
 * A step-up with a connected provider: a fresh sign-in there, started from this signed-in page
 * (lib/auth/connected-accounts.ts records it on the session it creates and ends this one).
 */
export const confirmWithProviderAction = signedInFormAction(
  PAGE,
  { operation: "accountWrite", schema: providerInput },
  async ({ provider }, { session }): Promise<FormState> => {
    const linked = await listConnectedAccounts(session.user.id);
    if (!linked.some((account) => account.providerId === provider)) return notOffered;
    let url: string | undefined;
    try {
      ({ url } = await auth().api.signInSocial({
        body: {
          provider,
          callbackURL: PAGE,
          errorCallbackURL: `${PAGE}?step_up_error=${provider}`,
          additionalParams: reauthenticationParams(provider),
          disableRedirect: true,
        },
        headers: await headers(),
      }));
    } catch (error) {
      return authFailureState(error, "Confirming with a provider", REFUSALS);
    }
    if (!url)
      return authFailureState(new Error("no authorization URL"), "Confirming with a provider");
    redirect(url);
  },
);
