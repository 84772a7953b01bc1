import type { Metadata } from "next";
import { AuthCard } from "@/components/auth-card";
import { ButtonLink } from "@/components/ui/button-link";
import { resetPasswordAction } from "../password-actions";
import { ResetPasswordForm } from "./_components/reset-password-form";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

type SearchParams = Promise<{ token?: string; error?: string }>;

/** Reached from the email link, through Better Auth's check of the token (/api/auth/reset-password/:token). */
export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const { token, error } = await searchParams;
  if (error || !token) {
    return (
      <AuthCard title="This reset link does not work">
        <p role="alert" className="mb-6 text-zinc-700 dark:text-zinc-300">
          The link has expired, was already used, or is incomplete. Reset links work once, for 1
          hour.
        </p>
        <ButtonLink href="/forgot-password">Request a new link</ButtonLink>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password">
      <ResetPasswordForm action={resetPasswordAction} token={token} />
    </AuthCard>
  );
}
