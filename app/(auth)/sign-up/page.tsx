import type { Metadata } from "next";
import { AuthCard } from "@/components/auth-card";
import { signUpAction } from "../actions";
import { SignUpForm } from "./_components/sign-up-form";

export const metadata: Metadata = { title: "Sign up" };

export default function SignUpPage() {
  return (
    <AuthCard
      title="Create your account"
      footer={{ prompt: "Already have an account?", href: "/sign-in", link: "Sign in" }}
    >
      <SignUpForm action={signUpAction} />
    </AuthCard>
  );
}
