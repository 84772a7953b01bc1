import type { Metadata } from "next";
import Link from "next/link";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { loadAccount } from "@/lib/account/queries";
import { hasPassword } from "@/lib/connected-accounts/queries";
import { ButtonForm } from "./_components/button-form";
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
import { loadSignedInPage } from "./load-signed-in-page";
import { addPasswordAction, requestAccountDeletionAction } from "./passwordless-actions";
import { confirmPasswordForEmailAction } from "./sessions/actions";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({
  searchParams,
}: {
  searchParams: Promise<{ email?: string }>;
}) {
  const user = await loadSignedInPage("/settings", async (actor) => ({
    ...(await loadAccount(actor)),
    hasPassword: await hasPassword(actor.userId),
  }));
  const emailStep = (await searchParams).email;
  return (
    <main className="mx-auto max-w-2xl space-y-6 px-4 py-8 sm:py-12">
      <h1 className="text-3xl font-bold tracking-tight">Settings</h1>
      {emailStep === "approved" && (
        <Notice tone="success" role="status">
          Change approved. We sent a link to the new address: your email changes once it is opened.
        </Notice>
      )}
      {emailStep === "confirmed" && (
        <Notice tone="success" role="status">
          Your email address is now {user.email}.
        </Notice>
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
        ) : !user.hasPassword ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            To change it, first confirm it's you on the{" "}
            <Link
              href="/settings/security"
              className="font-medium text-blue-700 hover:underline dark:text-blue-400"
            >
              Security page
            </Link>{" "}
            (with a connected account, a passkey or a code).
          </p>
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
      {user.hasPassword ? (
        <SettingsSection title="Password">
          <PasswordForm action={changePasswordAction} />
        </SettingsSection>
      ) : (
        <SettingsSection
          title="Password"
          description="You sign in with a connected account and have no password here. Add one to sign in with your email too."
        >
          <ButtonForm
            action={addPasswordAction}
            submit={
              <SubmitButton pendingLabel="Sending…">Email me a link to add a password</SubmitButton>
            }
          />
        </SettingsSection>
      )}
      <SettingsSection
        title="Delete account"
        tone="danger"
        description="This deletes your account, every todo in it, and signs out every device. It cannot be undone."
      >
        {user.hasPassword ? (
          <ConfirmPasswordForm
            action={deleteAccountAction}
            id="delete-password"
            label="Confirm with your password"
            submit={<DeleteButton>Delete account</DeleteButton>}
          />
        ) : (
          <ButtonForm
            action={requestAccountDeletionAction}
            submit={<DeleteButton>Email me a link to delete my account</DeleteButton>}
          />
        )}
      </SettingsSection>
    </main>
  );
}

function DeleteButton({ children }: { children: string }) {
  return (
    <button
      type="submit"
      className="w-full rounded-lg bg-red-700 px-4 py-2.5 font-semibold text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700"
    >
      {children}
    </button>
  );
}
