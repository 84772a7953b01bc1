"use client";

/** Shown instead of a stack trace when a page fails (for instance, the database is unreachable). */
export default function ErrorPage({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center px-6 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-3 text-zinc-600 dark:text-zinc-400">
        We could not load this page, possibly because our database is briefly unavailable. Nothing
        you saved has been lost.
      </p>
      <button
        type="button"
        onClick={reset}
        className="mx-auto mt-6 rounded-lg bg-zinc-900 px-5 py-2.5 font-semibold text-white dark:bg-zinc-100 dark:text-zinc-900"
      >
        Try again
      </button>
    </main>
  );
}
