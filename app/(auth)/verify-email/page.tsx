import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth-card";
import { ResendVerificationForm } from "@/components/resend-verification-form";
import { VERIFICATION_VALID_HOURS } from "@/lib/account/lengths-and-lifetimes";
import { getSession } from "@/lib/session";
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
        <Link
          href="/sign-in"
          className="block rounded-lg bg-zinc-900 px-4 py-2.5 text-center font-semibold text-white dark:bg-zinc-100 dark:text-zinc-900"
        >
          Sign in
        </Link>
      </AuthCard>
    );
  }

  const linkError = error ? (linkErrors[error] ?? linkErrors.INVALID_TOKEN) : undefined;
  return (
    <AuthCard
      title={linkError ? "Verification link problem" : "Check your inbox"}
      footer={
        <>
          Verified already? <Link href="/sign-in">Sign in</Link>
        </>
      }
    >
      {linkError ? (
        <p
          role="alert"
          className="mb-6 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          {linkError}
        </p>
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
