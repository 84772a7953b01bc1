import type { ReactNode } from "react";

const TONES = {
  success:
    "border-emerald-200 bg-emerald-50 text-emerald-800 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  warning:
    "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200",
  error:
    "border-red-200 bg-red-50 text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200",
};

/** A boxed line that tells what happened: success, something to heed, or an error. */
export function Notice({
  tone,
  role,
  className = "",
  children,
}: {
  tone: keyof typeof TONES;
  role?: "status" | "alert";
  className?: string;
  children: ReactNode;
}) {
  return (
    <p
      role={role}
      className={`rounded-lg border px-3 py-2 text-sm ${TONES[tone]} ${className}`.trim()}
    >
      {children}
    </p>
  );
}
