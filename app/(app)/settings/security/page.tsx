import type { Metadata } from "next";
import { CodeForm } from "@/components/code-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { loadAccount } from "@/lib/account/queries";
import { listActivity } from "@/lib/activity/queries";
import { providerOutcome } from "@/lib/connected-accounts/outcome";
import { configuredProviders, type SignInProvider } from "@/lib/connected-accounts/providers";
import { hasPassword, listConnectedAccounts } from "@/lib/connected-accounts/queries";
import { authenticatorStatus, listPasskeys } from "@/lib/factors/queries";
import { factorChangeStepUp } from "@/lib/sessions/step-up-freshness";
import { ConfirmPasswordForm } from "../_components/confirm-password-form";
import { SettingsSection } from "../_components/settings-section";
import { SubPageHeader } from "../_components/sub-page-header";
import { loadSignedInPage } from "../load-signed-in-page";
import { AddPasskey } from "./_components/add-passkey";
import { AuthenticatorSetup } from "./_components/authenticator-setup";
import { ConnectedAccounts } from "./_components/connected-accounts";
import { PasskeyStepUp } from "./_components/passkey-button";
import { PasskeyItem } from "./_components/passkey-item";
import { ProviderActionButton } from "./_components/provider-action-button";
import { RecentActivity } from "./_components/recent-activity";
import { RegenerateBackupCodes } from "./_components/regenerate-backup-codes";
import {
  confirmAuthenticatorAction,
  confirmBackupCodeForSecurityAction,
  confirmCodeForSecurityAction,
  confirmPasswordForSecurityAction,
  disableAuthenticatorAction,
  regenerateBackupCodesAction,
  removePasskeyAction,
  renamePasskeyAction,
  startAuthenticatorAction,
} from "./actions";
import { confirmWithProviderAction } from "./connected-actions";

export const metadata: Metadata = { title: "Security" };

const PAGE = "/settings/security";
const formatTime = (date: Date | null) =>
  date
    ? `${date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`
    : "never";

function loadPage(before?: string) {
  return loadSignedInPage(PAGE, async (actor) => {
    await loadAccount(actor);
    const [passkeys, authenticator, activity, stepUp, providers, accounts, password] =
      await Promise.all([
        listPasskeys(actor.userId),
        authenticatorStatus(actor.userId),
        listActivity(actor, before),
        factorChangeStepUp(actor.sessionId),
        configuredProviders(),
        listConnectedAccounts(actor.userId),
        hasPassword(actor.userId),
      ]);
    return { stepUp, passkeys, authenticator, activity, providers, accounts, password };
  });
}

type Query = {
  before?: string;
  connected?: string;
  connect_error?: string;
  step_up_error?: string;
  error?: string;
};

export default async function SecurityPage({ searchParams }: { searchParams: Promise<Query> }) {
  const query = await searchParams;
  const { before } = query;
  const { stepUp, passkeys, authenticator, activity, providers, accounts, password } =
    await loadPage(before);
  const fresh = stepUp === "ready";
  const linkedProviders = providers.filter((p) => accounts.some((a) => a.providerId === p.id));
  return (
    <main className="mx-auto max-w-2xl space-y-6 px-4 py-8 sm:py-12">
      <SubPageHeader
        title="Security"
        description="How you sign in: your password, passkeys and an authenticator app."
      />
      {!fresh && (
        <StepUp
          hasAuthenticator={authenticator.enabled}
          hasPasskey={passkeys.length > 0}
          passwordEnough={stepUp === "any-factor"}
          hasPassword={password}
          providers={stepUp === "any-factor" ? linkedProviders : []}
        />
      )}
      <SettingsSection
        title="Passkeys"
        description="Sign in with your fingerprint, face or screen lock instead of typing a password."
      >
        {passkeys.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No passkeys yet.</p>
        ) : (
          <ul aria-label="Your passkeys" className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {passkeys.map((passkey) => (
              <PasskeyItem
                key={passkey.id}
                passkey={{
                  id: passkey.id,
                  name: passkey.name,
                  added: formatTime(passkey.createdAt),
                  lastUsed: formatTime(passkey.lastUsedAt),
                }}
                rename={renamePasskeyAction}
                remove={removePasskeyAction}
                canRemove={fresh}
              />
            ))}
          </ul>
        )}
        {fresh && (
          <div className="mt-5">
            <AddPasskey key={passkeys.length} suggestedName={`Passkey ${passkeys.length + 1}`} />
          </div>
        )}
      </SettingsSection>
      <SettingsSection
        title="Authenticator app"
        description={
          authenticator.enabled
            ? "On: signing in asks for a code from your app after your password."
            : "Ask for a code from an app such as Google Authenticator, 1Password or Aegis after your password."
        }
      >
        {authenticator.enabled && !fresh ? (
          <NeedsSecondFactor what="turn it off" />
        ) : authenticator.enabled ? (
          <ConfirmPasswordForm
            action={disableAuthenticatorAction}
            id="disable-authenticator-password"
            label="Confirm with your password"
            reloadOnSuccess
            submit={
              <SubmitButton pendingLabel="Removing…">Turn off authenticator app</SubmitButton>
            }
          />
        ) : password ? (
          <AuthenticatorSetup
            start={startAuthenticatorAction}
            confirm={confirmAuthenticatorAction}
          />
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            The app asks for a code after your password: add a password on the Settings page first.
          </p>
        )}
      </SettingsSection>
      {authenticator.enabled && (
        <SettingsSection
          title="Backup codes"
          description="Ten one-time codes for when your authenticator app is not at hand."
        >
          {fresh ? (
            <RegenerateBackupCodes action={regenerateBackupCodesAction} />
          ) : (
            <NeedsSecondFactor what="make new ones" />
          )}
        </SettingsSection>
      )}
      <ConnectedAccounts
        providers={providers}
        accounts={accounts}
        canChange={fresh}
        notice={providerOutcome(query, providers)}
      />
      <RecentActivity
        entries={activity.entries}
        older={activity.older}
        paged={before !== undefined}
      />
    </main>
  );
}

function NeedsSecondFactor({ what }: { what: string }) {
  return (
    <p className="text-sm text-zinc-600 dark:text-zinc-400">
      To {what}, first confirm it's you above with a code, a backup code or a passkey.
    </p>
  );
}

/** The step-ups with a code: from the authenticator app, or a backup code. */
const CODE_STEP_UPS = [
  {
    action: confirmCodeForSecurityAction,
    id: "security-step-up-code",
    label: "Code",
    backup: false,
  },
  {
    action: confirmBackupCodeForSecurityAction,
    id: "security-step-up-backup",
    label: "Backup code",
    backup: true,
  },
];

/**
 * Changing how you sign in needs a proof from the last 15 minutes: any factor, or once the app is
 * on, one beyond the password (a stolen session plus the password must not undo the app).
 */
function StepUp({
  hasAuthenticator,
  hasPasskey,
  passwordEnough,
  hasPassword,
  providers,
}: {
  hasAuthenticator: boolean;
  hasPasskey: boolean;
  passwordEnough: boolean;
  hasPassword: boolean;
  /** Connected providers that may confirm (a fresh sign-in there): not once the app is on. */
  providers: SignInProvider[];
}) {
  return (
    <SettingsSection
      title="Confirm it's you"
      description={
        passwordEnough
          ? "To add or remove a passkey, confirm it's you with any way you sign in. For 15 minutes it also lets you manage devices and change your email."
          : "To change how you sign in, confirm it's you with a code from your authenticator app, a backup code or a passkey. For 15 minutes it also lets you manage devices and change your email."
      }
    >
      <div className="space-y-6">
        {passwordEnough && hasPassword && (
          <ConfirmPasswordForm
            action={confirmPasswordForSecurityAction}
            id="security-step-up-password"
            label="Password"
            submit={<SubmitButton pendingLabel="Checking…">Confirm password</SubmitButton>}
          />
        )}
        {hasAuthenticator &&
          CODE_STEP_UPS.map(({ action, id, label, backup }) => (
            <CodeForm
              key={id}
              action={action}
              id={id}
              label={label}
              backup={backup}
              submit={
                <SubmitButton pendingLabel="Checking…">{`Confirm ${label.toLowerCase()}`}</SubmitButton>
              }
            />
          ))}
        {hasPasskey && <PasskeyStepUp />}
        {providers.map((provider) => (
          <ProviderActionButton
            key={provider.id}
            action={confirmWithProviderAction}
            name="provider"
            value={provider.id}
            label={`Confirm with ${provider.name}`}
          />
        ))}
      </div>
    </SettingsSection>
  );
}
