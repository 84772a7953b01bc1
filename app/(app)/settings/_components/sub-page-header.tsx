import Link from "next/link";

/** The top of a page under Settings: the way back, its h1 and what it is for. */
export function SubPageHeader({ title, description }: { title: string; description: string }) {
  return (
    <div>
      <Link
        href="/settings"
        className="text-sm font-medium text-blue-700 hover:underline dark:text-blue-400"
      >
        ← Settings
      </Link>
      <h1 className="mt-2 text-3xl font-bold tracking-tight">{title}</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">{description}</p>
    </div>
  );
}
