import type { Metadata } from "next";
import Link from "next/link";
import { SubmitButton } from "@/components/ui/submit-button";
import { requireActor } from "@/lib/identity/current";
import { SessionRevokedError } from "@/lib/sessions/actor";
import { endRevokedSession } from "@/lib/sessions/end-revoked-session";
import { type Device, listDevices } from "@/lib/sessions/queries";
import { ConfirmPasswordForm } from "../_components/confirm-password-form";
import { DeviceSignOut } from "./_components/device-sign-out";
import { confirmPasswordAction, revokeDeviceAction, revokeOtherDevicesAction } from "./actions";

export const metadata: Metadata = { title: "Devices" };

const formatTime = (date: Date) =>
  `${date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })} UTC`;

export default async function DevicesPage() {
  const actor = await requireActor("/settings/sessions");
  let result: Awaited<ReturnType<typeof listDevices>>;
  try {
    result = await listDevices(actor);
  } catch (error) {
    if (error instanceof SessionRevokedError) await endRevokedSession("/settings/sessions");
    throw error;
  }
  const { devices, fresh } = result;
  return (
    <main className="mx-auto max-w-2xl space-y-6 px-4 py-8 sm:py-12">
      <div>
        <Link
          href="/settings"
          className="text-sm font-medium text-blue-700 hover:underline dark:text-blue-400"
        >
          ← Settings
        </Link>
        <h1 className="mt-2 text-3xl font-bold tracking-tight">Devices</h1>
        <p className="mt-2 text-zinc-600 dark:text-zinc-400">
          Where your account is signed in right now.
        </p>
      </div>
      {fresh ? (
        <DeviceList devices={devices} />
      ) : (
        <section className="rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
          <h2 className="text-lg font-semibold">Confirm it is you</h2>
          <p className="mt-1 mb-5 text-sm text-zinc-600 dark:text-zinc-400">
            For your safety, enter your password to see and sign out your devices. A passkey or an
            authenticator code works too, on the{" "}
            <Link
              href="/settings/security"
              className="font-medium text-blue-700 underline dark:text-blue-400"
            >
              Security page
            </Link>
            .
          </p>
          <ConfirmPasswordForm
            action={confirmPasswordAction}
            id="step-up-password"
            label="Password"
            submit={<SubmitButton pendingLabel="Checking…">Confirm password</SubmitButton>}
          />
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
                    <time dateTime={device.signedInAt.toISOString()}>
                      {formatTime(device.signedInAt)}
                    </time>
                  </dd>
                  <dt>Last active</dt>
                  <dd>
                    <time dateTime={device.lastActiveAt.toISOString()}>
                      {formatTime(device.lastActiveAt)}
                    </time>
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
