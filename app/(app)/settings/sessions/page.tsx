import type { Metadata } from "next";
import Link from "next/link";
import { SubmitButton } from "@/components/ui/submit-button";
import { hasPassword } from "@/lib/connected-accounts/queries";
import { type Device, listDevices } from "@/lib/sessions/queries";
import { ConfirmPasswordForm } from "../_components/confirm-password-form";
import { SubPageHeader } from "../_components/sub-page-header";
import { loadSignedInPage } from "../load-signed-in-page";
import { DeviceSignOut } from "./_components/device-sign-out";
import { confirmPasswordAction, revokeDeviceAction, revokeOtherDevicesAction } from "./actions";

export const metadata: Metadata = { title: "Devices" };

const formatTime = (date: Date) =>
  `${date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;

function When({ date }: { date: Date }) {
  return <time dateTime={date.toISOString()}>{formatTime(date)}</time>;
}

export default async function DevicesPage() {
  const { devices, fresh, password } = await loadSignedInPage(
    "/settings/sessions",
    async (actor) => ({ ...(await listDevices(actor)), password: await hasPassword(actor.userId) }),
  );
  return (
    <main className="mx-auto max-w-2xl space-y-6 px-4 py-8 sm:py-12">
      <SubPageHeader title="Devices" description="Where your account is signed in right now." />
      {fresh ? (
        <DeviceList devices={devices} />
      ) : (
        <section className="rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
          <h2 className="text-lg font-semibold">Confirm it is you</h2>
          <p className="mt-1 mb-5 text-sm text-zinc-600 dark:text-zinc-400">
            {password
              ? "For your safety, enter your password to see and sign out your devices. A passkey, an authenticator code or a connected account works too, on the "
              : "For your safety, confirm it's you to see and sign out your devices: with a connected account, a passkey or a code, on the "}
            <Link
              href="/settings/security"
              className="font-medium text-blue-700 underline dark:text-blue-400"
            >
              Security page
            </Link>
            .
          </p>
          {password && (
            <ConfirmPasswordForm
              action={confirmPasswordAction}
              id="step-up-password"
              label="Password"
              submit={<SubmitButton pendingLabel="Checking…">Confirm password</SubmitButton>}
            />
          )}
        </section>
      )}
    </main>
  );
}

function DeviceList({ devices }: { devices: Device[] }) {
  return (
    <>
      <ul className="space-y-3">
        {devices.map((device) => (
          <li key={device.id}>
            <article
              aria-label={device.current ? `${device.device} (this device)` : device.device}
              className="flex flex-wrap items-start justify-between gap-4 rounded-2xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900"
            >
              <div className="min-w-0">
                <h2 className="font-semibold">
                  {device.device}
                  {device.current && (
                    <span className="ml-2 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
                      This device
                    </span>
                  )}
                </h2>
                <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm text-zinc-600 dark:text-zinc-400">
                  <dt>IP address</dt>
                  <dd>{device.ipAddress ?? "unknown"}</dd>
                  <dt>Signed in</dt>
                  <dd>
                    <When date={device.signedInAt} />
                  </dd>
                  <dt>Last active</dt>
                  <dd>
                    <When date={device.lastActiveAt} />
                  </dd>
                </dl>
              </div>
              {!device.current && (
                <DeviceSignOut
                  action={revokeDeviceAction}
                  sessionId={device.id}
                  label="Sign out"
                  description={`Sign out ${device.device}`}
                />
              )}
            </article>
          </li>
        ))}
      </ul>
      {devices.length > 1 && (
        <DeviceSignOut action={revokeOtherDevicesAction} label="Sign out all other devices" />
      )}
    </>
  );
}
