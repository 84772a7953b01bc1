import type { Metadata } from "next";
import { AuthCard } from "@/components/auth-card";
import { forgotPasswordAction } from "../password-actions";
import { ForgotPasswordForm } from "./_components/forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default function ForgotPasswordPage() {
  return (
    <AuthCard
      title="Reset your password"
      footer={{ prompt: "Remembered it?", href: "/sign-in", link: "Sign in" }}
    >
      <p className="mb-6 text-zinc-700 dark:text-zinc-300">
        Enter the email address of your account and we will send you a link to choose a new
        password.
      </p>
      <ForgotPasswordForm action={forgotPasswordAction} />
    </AuthCard>
  );
}
