import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth-card";
import { ResendVerificationForm } from "@/components/resend-verification-form";
import { ButtonLink } from "@/components/ui/button-link";
import { Notice } from "@/components/ui/notice";
import { VERIFICATION_VALID_HOURS } from "@/lib/account/lengths-and-lifetimes";
import { getSession } from "@/lib/identity/current";
import { resendVerificationAction } from "../actions";

export const metadata: Metadata = { title: "Verify your email" };

const linkErrors: Record<string, string> = {
  TOKEN_EXPIRED: "This verification link has expired. Send yourself a new one below.",
  INVALID_TOKEN:
    "This verification link is not valid (it may be incomplete). Send yourself a new one below.",
  USER_NOT_FOUND: "This verification link is not valid. Send yourself a new one below.",
};

type SearchParams = Promise<{ email?: string; error?: string; from?: string }>;

export default async function VerifyEmailPage({ searchParams }: { searchParams: SearchParams }) {
  const { email, error, from } = await searchParams;
  // A verification link signs the user in and lands here: carry on to the app.
  if (!error && (await getSession())) redirect("/todos");

  if (from === "link" && !error) {
    return (
      <AuthCard title="Your email is verified">
        <p className="mb-6 text-zinc-700 dark:text-zinc-300">
          Your email address is confirmed. Sign in to continue.
        </p>
        <ButtonLink href="/sign-in">Sign in</ButtonLink>
      </AuthCard>
    );
  }

  const linkError = error ? (linkErrors[error] ?? linkErrors.INVALID_TOKEN) : undefined;
  return (
    <AuthCard
      title={linkError ? "Verification link problem" : "Check your inbox"}
      footer={{ prompt: "Verified already?", href: "/sign-in", link: "Sign in" }}
    >
      {linkError ? (
        <Notice tone="warning" role="alert" className="mb-6">
          {linkError}
        </Notice>
      ) : (
        <p className="mb-6 text-zinc-700 dark:text-zinc-300">
          {email ? (
            <>
              We sent a verification link to <strong className="break-all">{email}</strong>.
            </>
          ) : (
            "We sent you a verification link."
          )}{" "}
          Open it to activate your account. It is valid for {VERIFICATION_VALID_HOURS} hours.
        </p>
      )}
      <ResendVerificationForm action={resendVerificationAction} email={email} askForEmail />
    </AuthCard>
  );
}
