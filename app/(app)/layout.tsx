import Link from "next/link";
import type { ReactNode } from "react";
import { requireSession } from "@/lib/identity/current";
import { SignOutForm } from "./_components/sign-out-form";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user } = await requireSession("/todos");
  return (
    <div className="min-h-dvh">
      <header className="border-b border-zinc-200 bg-white/80 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/80">
        <div className="mx-auto flex max-w-2xl items-center justify-between gap-4 px-4 py-3">
          <Link href="/todos" className="font-bold tracking-tight">
            Todos
          </Link>
          <div className="flex min-w-0 items-center gap-3 text-sm">
            <span className="hidden truncate text-zinc-600 sm:inline dark:text-zinc-400">
              {user.email}
            </span>
            <Link
              href="/settings"
              className="rounded-lg px-2 py-1.5 font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:hover:bg-zinc-800"
            >
              Settings
            </Link>
            <SignOutForm />
          </div>
        </div>
      </header>
      {children}
    </div>
  );
}
