import type { SignInProvider } from "@/lib/connected-accounts/providers";
import type { ConnectedAccount } from "@/lib/connected-accounts/queries";
import { SettingsSection } from "../../_components/settings-section";
import { connectAccountAction, disconnectAccountAction } from "../connected-actions";
import { ProviderActionButton } from "./provider-action-button";

/** "Connected accounts": per configured provider, "Connect <name>" or "Disconnect <name>". */
export function ConnectedAccounts({
  providers,
  accounts,
  canChange,
  notice,
}: {
  providers: SignInProvider[];
  accounts: ConnectedAccount[];
  canChange: boolean;
  notice?: string;
}) {
  if (providers.length === 0) return null;
  return (
    <SettingsSection
      title="Connected accounts"
      description="Sign in with an account you already have. Each one you connect can sign in to this account."
    >
      {notice && (
        <p role="status" className="mb-4 text-sm">
          {notice}
        </p>
      )}
      <ul aria-label="Sign-in providers" className="divide-y divide-zinc-200 dark:divide-zinc-800">
        {providers.map((provider) => {
          const account = accounts.find((a) => a.providerId === provider.id);
          return (
            <li key={provider.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
              <span className="font-medium">
                {provider.name}
                <span className="block text-sm font-normal text-zinc-600 dark:text-zinc-400">
                  {account ? "Connected" : "Not connected"}
                </span>
              </span>
              {canChange &&
                (account ? (
                  <ProviderActionButton
                    action={disconnectAccountAction}
                    name="accountId"
                    value={account.id}
                    label={`Disconnect ${provider.name}`}
                    tone="danger"
                  />
                ) : (
                  <ProviderActionButton
                    action={connectAccountAction}
                    name="provider"
                    value={provider.id}
                    label={`Connect ${provider.name}`}
                  />
                ))}
            </li>
          );
        })}
      </ul>
      {!canChange && (
        <p className="mt-3 text-sm text-zinc-600 dark:text-zinc-400">
          To connect or disconnect an account, first confirm it's you above.
        </p>
      )}
    </SettingsSection>
  );
}
