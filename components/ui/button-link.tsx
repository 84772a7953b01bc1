import Link from "next/link";
import type { ReactNode } from "react";

/** A link that looks like the page's main button (the one way on from a dead end). */
export function ButtonLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link
      href={href}
      className="block rounded-lg bg-zinc-900 px-4 py-2.5 text-center font-semibold text-white dark:bg-zinc-100 dark:text-zinc-900"
    >
      {children}
    </Link>
  );
}
