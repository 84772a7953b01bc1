import type { Metadata } from "next";
import { AuthCard } from "@/components/auth-card";
import { Notice } from "@/components/ui/notice";
import { providerSignInError } from "@/lib/auth/provider-sign-in-errors";
import { configuredProviders } from "@/lib/auth/providers";
import { env } from "@/lib/env";
import { safeNextPath } from "@/lib/http/safe-next-path";
import { WipeOfflineCopyOnArrival } from "../../(app)/todos/_offline/wipe-on-arrival";
import { ProviderButtons } from "../_components/provider-buttons";
import { resendVerificationAction, signInAction } from "../actions";
import { SignInForm } from "./_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<{
  next?: string;
  reset?: string;
  ended?: string;
  reported?: string;
  verified?: string;
  error?: string;
}>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const { next, reset, ended, reported, verified, error } = await searchParams;
  const providerError = providerSignInError(error);
  return (
    <AuthCard title="Sign in" footer={{ prompt: "New here?", href: "/sign-up", link: "Sign up" }}>
      <WipeOfflineCopyOnArrival />
      {ended && (
        <Notice tone="warning" role="status" className="mb-4">
          This device was signed out. Sign in again to continue.
        </Notice>
      )}
      {reported && (
        <Notice tone="warning" role="status" className="mb-4">
          Every device was signed out of your account.{" "}
          {reported === "emailed"
            ? "We emailed you a link to choose a new password: use it before you sign in again."
            : "We could not email you a reset link just now: ask for one on “Forgot password?”."}
        </Notice>
      )}
      {verified && (
        <Notice tone="success" role="status" className="mb-4">
          Your email is verified. Sign in to continue.
        </Notice>
      )}
      {reset === "done" && (
        <Notice tone="success" role="status" className="mb-4">
          Your password was changed and every device was signed out. Sign in with your new password.
        </Notice>
      )}
      {providerError && (
        <Notice tone="error" role="alert" className="mb-4">
          {providerError}
        </Notice>
      )}
      <SignInForm
        action={signInAction}
        resendAction={resendVerificationAction}
        next={next ? safeNextPath(next) : undefined}
      />
      <ProviderButtons
        providers={configuredProviders(env())}
        next={next ? safeNextPath(next) : undefined}
      />
    </AuthCard>
  );
}
