"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import * as z from "zod";
import { auth } from "@/lib/auth";
import { configuredProviders } from "@/lib/auth/providers";
import { env } from "@/lib/env";
import { protectedAction } from "@/lib/forms/action";
import { CROSS_ORIGIN_MESSAGE } from "@/lib/forms/same-origin";
import { safeNextPath } from "@/lib/http/safe-next-path";
import { loggable } from "@/lib/log";

const input = z.object({ provider: z.string().max(20), next: z.string().max(2000).optional() });

/** Back to /sign-in with a code the page turns into a fixed message, keeping where the user was going. */
const signInWithError = (error: string, next: string) =>
  `/sign-in?${new URLSearchParams({ error, next })}`;

/**
 * "Continue with <provider>": a plain form post (works without JavaScript). Better Auth stores
 * the state and PKCE verifier and answers the provider's URL, where the browser goes next.
 */
export const providerSignInAction = protectedAction<[FormData], never>(
  "providerSignIn",
  (message) =>
    redirect(
      signInWithError(message === CROSS_ORIGIN_MESSAGE ? "cross_origin" : "rate_limited", "/todos"),
    ),
  async (formData) => {
    const parsed = input.safeParse(
      formData instanceof FormData ? Object.fromEntries(formData) : {},
    );
    const next = safeNextPath(parsed.data?.next);
    const provider = configuredProviders(env()).find(({ id }) => id === parsed.data?.provider);
    if (!provider) redirect(signInWithError("unknown_provider", next));
    let url: string | undefined;
    try {
      const answer = await auth().api.signInSocial({
        body: {
          provider: provider.id,
          callbackURL: next,
          errorCallbackURL: `/sign-in?${new URLSearchParams({ next })}`,
        },
        headers: await headers(),
      });
      url = answer.url;
    } catch (error) {
      console.error("Provider sign-in could not start:", provider.id, loggable(error));
    }
    redirect(url ?? signInWithError("provider_unavailable", next));
  },
);
