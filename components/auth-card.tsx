import Link from "next/link";
import type { ReactNode } from "react";

/** The way on beneath the card: an optional prompt, then its link ("New here? Sign up"). */
interface CardFooter {
  prompt?: string;
  href: string;
  link: string;
}

/** The centered card every signed-out page uses. */
export function AuthCard({
  title,
  children,
  footer,
}: {
  title: string;
  children: ReactNode;
  footer?: CardFooter;
}) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center px-4 py-12">
      <Link href="/" className="mb-8 text-lg font-bold tracking-tight">
        Todos
      </Link>
      <div className="w-full max-w-sm rounded-2xl border border-zinc-200 bg-white p-6 shadow-sm sm:p-8 dark:border-zinc-800 dark:bg-zinc-900">
        <h1 className="mb-6 text-2xl font-semibold tracking-tight">{title}</h1>
        {children}
      </div>
      {footer && (
        <p className="mt-6 text-sm text-zinc-600 dark:text-zinc-400 [&_a]:font-medium [&_a]:text-blue-700 [&_a]:underline-offset-2 hover:[&_a]:underline dark:[&_a]:text-blue-400">
          {footer.prompt && `${footer.prompt} `}
          <Link href={footer.href}>{footer.link}</Link>
        </p>
      )}
    </main>
  );
}
