import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card";
import { safeNextPath } from "@/lib/middleware/routes";
import { resendVerificationAction, signInAction } from "../actions";
import { SignInForm } from "./_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string }>;
}) {
  const { next } = await searchParams;
  return (
    <AuthCard
      title="Sign in"
      footer={
        <>
          New here? <Link href="/sign-up">Sign up</Link>
        </>
      }
    >
      <SignInForm
        action={signInAction}
        resendAction={resendVerificationAction}
        next={next ? safeNextPath(next) : undefined}
      />
    </AuthCard>
  );
}
