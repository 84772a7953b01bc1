import type { ReactNode } from "react";

export function SettingsSection({
  title,
  description,
  tone = "default",
  children,
}: {
  title: string;
  description?: ReactNode;
  tone?: "default" | "danger";
  children: ReactNode;
}) {
  const border =
    tone === "danger"
      ? "border-red-300 dark:border-red-900"
      : "border-zinc-200 dark:border-zinc-800";
  return (
    <section className={`rounded-2xl border bg-white p-6 dark:bg-zinc-900 ${border}`}>
      <h2 className="text-lg font-semibold">{title}</h2>
      {description && (
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</p>
      )}
      <div className="mt-5">{children}</div>
    </section>
  );
}
