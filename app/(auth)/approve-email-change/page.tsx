import type { Metadata } from "next";
import { AuthCard } from "@/components/auth-card";
import { ButtonLink } from "@/components/ui/button-link";
import { SubmitButton } from "@/components/ui/submit-button";
import { approvalRequest } from "@/lib/account/email-change-approval";
import { approveEmailChangeAction } from "./actions";

export const metadata: Metadata = { title: "Approve the email change", referrer: "no-referrer" };

type SearchParams = Promise<{ token?: string; callbackURL?: string }>;

/** Where an approval link lands (through /api/auth/verify-email): nothing changes until the click. */
export default async function ApproveEmailChangePage({
  searchParams,
}: {
  searchParams: SearchParams;
}) {
  const { token, callbackURL } = await searchParams;
  const change = token ? await approvalRequest(token) : undefined;
  if (!token || !change) {
    return (
      <AuthCard title="This approval link does not work">
        <p role="alert" className="mb-6 text-zinc-700 dark:text-zinc-300">
          The link has expired or is incomplete. Ask for the change again in your settings.
        </p>
        <ButtonLink href="/settings">Go to settings</ButtonLink>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Approve the email change">
      <p className="mb-4 text-zinc-700 dark:text-zinc-300">
        Someone signed in to your account asked to move it from <strong>{change.from}</strong> to{" "}
        <strong>{change.to}</strong>. Once you approve, {change.to} gets a link, and the account
        moves when that link is opened.
      </p>
      <p className="mb-6 text-zinc-700 dark:text-zinc-300">
        Not you? Don't approve:{" "}
        <a
          href="/forgot-password"
          className="font-medium text-blue-700 underline dark:text-blue-400"
        >
          reset your password
        </a>
        , which signs every device out and cancels the change.
      </p>
      <form action={approveEmailChangeAction}>
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="callbackURL" value={callbackURL ?? ""} />
        <SubmitButton pendingLabel="Approving…">Approve the change</SubmitButton>
      </form>
    </AuthCard>
  );
}
