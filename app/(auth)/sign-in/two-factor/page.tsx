import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth-card";
import { CodeForm } from "@/components/code-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { safeNextPath } from "@/lib/http/safe-next-path";
import { verifySignInBackupCodeAction, verifySignInCodeAction } from "../../two-factor-actions";

export const metadata: Metadata = { title: "Two-step verification" };

type SearchParams = Promise<{ next?: string; method?: string }>;

/** The second step after a correct password: a code from the app, or a backup code. */
export default async function TwoFactorPage({ searchParams }: { searchParams: SearchParams }) {
  const { next, method } = await searchParams;
  const target = next ? safeNextPath(next) : undefined;
  const hidden = target ? { next: target } : undefined;
  const backup = method === "backup";
  const query = (extra: Record<string, string>) =>
    `?${new URLSearchParams({ ...(target && { next: target }), ...extra })}`;
  return (
    <AuthCard
      title="Two-step verification"
      footer={{ href: `/sign-in${target ? query({}) : ""}`, link: "Start over" }}
    >
      {backup ? (
        <div className="space-y-4">
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Enter one of the backup codes you saved. Each works once.
          </p>
          <CodeForm
            action={verifySignInBackupCodeAction}
            id="backup-code"
            label="Backup code"
            backup
            hidden={hidden}
            submit={<SubmitButton pendingLabel="Checking…">Verify</SubmitButton>}
          />
          <Link
            href={query({})}
            className="block text-sm font-medium text-blue-700 hover:underline dark:text-blue-400"
          >
            Use your authenticator app
          </Link>
        </div>
      ) : (
        <div className="space-y-4">
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Enter the 6-digit code from your authenticator app.
          </p>
          <CodeForm
            action={verifySignInCodeAction}
            id="code"
            label="Code"
            hidden={hidden}
            submit={<SubmitButton pendingLabel="Checking…">Verify</SubmitButton>}
          />
          <Link
            href={query({ method: "backup" })}
            className="block text-sm font-medium text-blue-700 hover:underline dark:text-blue-400"
          >
            Use a backup code
          </Link>
        </div>
      )}
    </AuthCard>
  );
}
