import type { Metadata } from "next";
import { connection } from "next/server";
import { AuthCard } from "@/components/auth-card";
import { configuredProviders } from "@/lib/auth/providers";
import { env } from "@/lib/env";
import { ProviderButtons } from "../_components/provider-buttons";
import { signUpAction } from "../actions";
import { SignUpForm } from "./_components/sign-up-form";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage() {
  // The buttons follow the running server's environment, never the one `next build` saw.
  await connection();
  return (
    <AuthCard
      title="Create your account"
      footer={{ prompt: "Already have an account?", href: "/sign-in", link: "Sign in" }}
    >
      <SignUpForm action={signUpAction} />
      <ProviderButtons providers={configuredProviders(env())} />
    </AuthCard>
  );
}
