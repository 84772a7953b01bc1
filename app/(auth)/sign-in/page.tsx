import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card";
import { safeNextPath } from "@/lib/http/safe-next-path";
import { WipeOfflineCopyOnArrival } from "../../(app)/todos/_offline/wipe-on-arrival";
import { resendVerificationAction, signInAction } from "../actions";
import { SignInForm } from "./_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<{
  next?: string;
  reset?: string;
  ended?: string;
  reported?: string;
  verified?: string;
}>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const { next, reset, ended, reported, verified } = await searchParams;
  return (
    <AuthCard
      title="Sign in"
      footer={
        <>
          New here? <Link href="/sign-up">Sign up</Link>
        </>
      }
    >
      <WipeOfflineCopyOnArrival />
      {ended && (
        <p
          role="status"
          className="mb-4 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          This device was signed out. Sign in again to continue.
        </p>
      )}
      {reported && (
        <p
          role="status"
          className="mb-4 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          Every device was signed out of your account.{" "}
          {reported === "emailed"
            ? "We emailed you a link to choose a new password: use it before you sign in again."
            : "We could not email you a reset link just now: ask for one on “Forgot password?”."}
        </p>
      )}
      {verified && (
        <p
          role="status"
          className="mb-4 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"
        >
          Your email is verified. Sign in to continue.
        </p>
      )}
      {reset === "done" && (
        <p
          role="status"
          className="mb-4 rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"
        >
          Your password was changed and every device was signed out. Sign in with your new password.
        </p>
      )}
      <SignInForm
        action={signInAction}
        resendAction={resendVerificationAction}
        next={next ? safeNextPath(next) : undefined}
      />
    </AuthCard>
  );
}
