import Link from "next/link";
import { EVENT_LABELS, FAILURE_REASONS, type FailureReason } from "@/lib/activity/events";
import type { ActivityEntry } from "@/lib/activity/queries";
import { reportNotMeAction } from "../activity-actions";
import { ReportNotMe } from "./report-not-me";

const formatTime = (date: Date) =>
  `${date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;

/** "Signed in with GitHub" for a provider sign-in (its detail names the provider). */
function labelOf(entry: ActivityEntry): string {
  if (entry.type === "sign_in" && entry.detail) return `Signed in with ${entry.detail}`;
  return EVENT_LABELS[entry.type] ?? entry.type;
}

function detailOf(entry: ActivityEntry): string | undefined {
  if (entry.type === "sign_in_failed")
    return FAILURE_REASONS[entry.detail as FailureReason] ?? undefined;
  if (entry.type === "email_change_requested" || entry.type === "email_changed")
    return entry.detail ? `to ${entry.detail}` : undefined;
  // Factor changes name the factor ("passkey", "authenticator app", "new backup codes").
  if (entry.type === "factor_added" || entry.type === "factor_removed")
    return entry.detail ?? undefined;
  return undefined;
}

/** "Recent activity" on /settings/security: the account's security log, newest first, paged. */
export function RecentActivity({
  entries,
  older,
  paged,
}: {
  entries: ActivityEntry[];
  older?: string;
  paged: boolean;
}) {
  return (
    <section
      id="recent-activity"
      aria-labelledby="recent-activity-heading"
      className="rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="recent-activity-heading" className="text-lg font-semibold">
        Recent activity
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Sign-ins and failed attempts, new devices, changes to your password, email and sign-in
        methods, and devices signed out, for the last 90 days. If something was not you, “This
        wasn't me” signs out every device, this one included, and emails you a link to choose a new
        password.
      </p>
      {entries.length === 0 ? (
        <p className="mt-4 text-sm">Nothing yet.</p>
      ) : (
        <ol className="mt-4 divide-y divide-zinc-200 dark:divide-zinc-800">
          {entries.map((entry) => {
            const label = labelOf(entry);
            const detail = detailOf(entry);
            return (
              <li key={entry.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                <div className="min-w-0">
                  <h3 className="font-medium">
                    {label}
                    {detail && <span className="font-normal">: {detail}</span>}
                  </h3>
                  <p className="text-sm text-zinc-600 dark:text-zinc-400">
                    <time dateTime={entry.at.toISOString()}>{formatTime(entry.at)}</time>
                    {entry.device && <> · {entry.device}</>}
                    {entry.ip && <> · IP {entry.ip}</>}
                    {entry.thisDevice && <> · this device</>}
                  </p>
                </div>
                {entry.type !== "reported" && (
                  <ReportNotMe
                    action={reportNotMeAction}
                    eventId={entry.id}
                    description={`${label}, ${formatTime(entry.at)}`}
                  />
                )}
              </li>
            );
          })}
        </ol>
      )}
      {(older || paged) && (
        <nav aria-label="Recent activity pages" className="mt-4 flex gap-4 text-sm font-medium">
          {paged && (
            <Link
              href="/settings/security#recent-activity"
              className="text-blue-700 hover:underline dark:text-blue-400"
            >
              Newest activity
            </Link>
          )}
          {older && (
            <Link
              href={`/settings/security?before=${older}#recent-activity`}
              className="text-blue-700 hover:underline dark:text-blue-400"
            >
              Older activity
            </Link>
          )}
        </nav>
      )}
    </section>
  );
}
