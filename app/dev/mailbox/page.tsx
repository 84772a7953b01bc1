import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { usesOutbox } from "@/lib/email";
import { listOutbox } from "@/lib/email/outbox";
import { isFromThisMachine } from "@/lib/net/loopback";

export const metadata: Metadata = { title: "Dev mailbox" };
export const dynamic = "force-dynamic";

/** The outbox, for laptops and tests: only while email is not sent through Resend, only locally. */
export default async function MailboxPage({
  searchParams,
}: {
  searchParams: Promise<{ to?: string }>;
}) {
  if (!usesOutbox() || !isFromThisMachine(await headers())) notFound();
  const { to } = await searchParams;
  const messages = await listOutbox(to);
  return (
    <main className="mx-auto max-w-3xl px-4 py-10">
      <h1 className="text-3xl font-bold tracking-tight">Dev mailbox</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        Emails the app would have sent{to ? ` to ${to}` : ""}, newest first. Configure
        RESEND_API_KEY to send real email.
      </p>
      <form className="mt-6 flex gap-2" action="/dev/mailbox">
        <label htmlFor="to" className="sr-only">
          Recipient
        </label>
        <input
          id="to"
          name="to"
          type="email"
          defaultValue={to}
          placeholder="Filter by recipient"
          className="min-w-0 flex-1 rounded-lg border border-zinc-300 bg-white px-3 py-2 dark:border-zinc-700 dark:bg-zinc-900"
        />
        <button
          type="submit"
          className="rounded-lg border border-zinc-300 px-4 py-2 font-medium dark:border-zinc-700"
        >
          Filter
        </button>
      </form>
      {messages.length === 0 ? (
        <p className="mt-10 text-center text-zinc-500">No emails yet.</p>
      ) : (
        <ul className="mt-8 space-y-6">
          {messages.map((message) => (
            <li key={message.id}>
              <article
                aria-label={message.subject}
                className="rounded-xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900"
              >
                <h2 className="text-lg font-semibold">{message.subject}</h2>
                <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
                  To {message.to} ·{" "}
                  <time dateTime={message.createdAt}>
                    {message.createdAt.replace("T", " ").slice(0, 19)} UTC
                  </time>
                </p>
                <pre className="mt-4 whitespace-pre-wrap break-words font-sans text-sm">
                  {message.text}
                </pre>
                {message.links.length > 0 && (
                  <ul className="mt-4 space-y-1 text-sm">
                    {message.links.map((link) => (
                      <li key={link}>
                        <a
                          href={link}
                          className="break-all font-medium text-blue-700 underline dark:text-blue-400"
                        >
                          {link}
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </article>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
