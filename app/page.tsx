import Link from "next/link";
import { WipeOfflineCopyOnArrival } from "./(app)/todos/_offline/wipe-on-arrival";

export default async function LandingPage({
  searchParams,
}: {
  searchParams: Promise<{ deleted?: string }>;
}) {
  const { deleted } = await searchParams;
  return (
    <main className="mx-auto flex min-h-dvh max-w-2xl flex-col justify-center px-6 py-16">
      <WipeOfflineCopyOnArrival />
      {deleted && (
        <p
          role="status"
          className="mb-8 rounded-lg border border-zinc-300 bg-white px-4 py-3 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        >
          Your account and all its todos were deleted. Thank you for using Todos.
        </p>
      )}
      <p className="mb-3 text-sm font-semibold uppercase tracking-widest text-blue-700 dark:text-blue-400">
        Todos
      </p>
      <h1 className="text-4xl font-bold tracking-tight sm:text-5xl">
        Your todo list, on every device.
      </h1>
      <p className="mt-5 text-lg text-zinc-600 dark:text-zinc-400">
        Keep your todos in step between your laptop and your phone. Verified email sign-in,
        short-lived tokens, and a list of the devices you are signed in on.
      </p>
      <div className="mt-10 flex flex-wrap gap-3">
        <Link
          href="/sign-up"
          className="rounded-lg bg-zinc-900 px-5 py-3 font-semibold text-white hover:bg-zinc-700 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-zinc-300"
        >
          Sign up
        </Link>
        <Link
          href="/sign-in"
          className="rounded-lg border border-zinc-300 px-5 py-3 font-semibold hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-900"
        >
          Sign in
        </Link>
      </div>
    </main>
  );
}
