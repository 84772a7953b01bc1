import type { Metadata } from "next";
import Link from "next/link";
import { SubmitButton } from "@/components/ui/submit-button";
import { loadAccount } from "@/lib/account/queries";
import { requireActor } from "@/lib/identity/current";
import { SessionRevokedError } from "@/lib/sessions/actor";
import { endRevokedSession } from "@/lib/sessions/end-revoked-session";
import { ConfirmPasswordForm } from "./_components/confirm-password-form";
import { EmailForm } from "./_components/email-form";
import { NameForm } from "./_components/name-form";
import { PasswordForm } from "./_components/password-form";
import { SettingsSection } from "./_components/settings-section";
import {
  changeEmailAction,
  changePasswordAction,
  deleteAccountAction,
  updateNameAction,
} from "./actions";
import { confirmPasswordForEmailAction } from "./sessions/actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({
  searchParams,
}: {
  searchParams: Promise<{ email?: string }>;
}) {
  const actor = await requireActor("/settings");
  let user: Awaited<ReturnType<typeof loadAccount>>;
  try {
    user = await loadAccount(actor);
  } catch (error) {
    if (error instanceof SessionRevokedError) await endRevokedSession("/settings");
    throw error;
  }
  const emailStep = (await searchParams).email;
  return (
    <main className="mx-auto max-w-2xl space-y-6 px-4 py-8 sm:py-12">
      <h1 className="text-3xl font-bold tracking-tight">Settings</h1>
      {emailStep === "approved" && (
        <p
          role="status"
          className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"
        >
          Change approved. We sent a link to the new address: your email changes once it is opened.
        </p>
      )}
      {emailStep === "confirmed" && (
        <p
          role="status"
          className="rounded-lg border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"
        >
          Your email address is now {user.email}.
        </p>
      )}
      <SettingsSection title="Profile">
        <NameForm action={updateNameAction} name={user.name} />
      </SettingsSection>
      <SettingsSection
        title="Email"
        description={
          <>
            You sign in with <strong className="break-all">{user.email}</strong>. To change it, this
            address first approves the change; then the new address confirms it.
          </>
        }
      >
        {user.passwordFresh ? (
          <EmailForm action={changeEmailAction} />
        ) : (
          <ConfirmPasswordForm
            action={confirmPasswordForEmailAction}
            id="email-step-up-password"
            label="Password"
            submit={
              <SubmitButton pendingLabel="Checking…">Confirm password to change email</SubmitButton>
            }
          />
        )}
      </SettingsSection>
      <SettingsSection
        title="Devices"
        description="See where you are signed in, and sign devices out."
      >
        <Link
          href="/settings/sessions"
          className="font-medium text-blue-700 hover:underline dark:text-blue-400"
        >
          Manage devices
        </Link>
      </SettingsSection>
      <SettingsSection
        title="Sign-in methods"
        description="Passkeys, an authenticator app and backup codes."
      >
        <Link
          href="/settings/security"
          className="font-medium text-blue-700 hover:underline dark:text-blue-400"
        >
          Manage security
        </Link>
      </SettingsSection>
      <SettingsSection title="Password">
        <PasswordForm action={changePasswordAction} />
      </SettingsSection>
      <SettingsSection
        title="Delete account"
        tone="danger"
        description="This deletes your account, every todo in it, and signs out every device. It cannot be undone."
      >
        <ConfirmPasswordForm
          action={deleteAccountAction}
          id="delete-password"
          label="Confirm with your password"
          submit={
            <button
              type="submit"
              className="w-full rounded-lg bg-red-700 px-4 py-2.5 font-semibold text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700"
            >
              Delete account
            </button>
          }
        />
      </SettingsSection>
    </main>
  );
}
