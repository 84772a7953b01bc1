import type { InputHTMLAttributes, ReactNode } from "react";

export type FieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  error?: string;
  hint?: string;
  /** Beside the input (a show-password toggle). */
  trailing?: ReactNode;
  /** Below the hint (a strength meter); referenced by aria-describedby through `extraDescribedBy`. */
  below?: ReactNode;
  extraDescribedBy?: string;
};

/** A labelled input with its error right below it, announced through aria-describedby. */
export function Field({
  label,
  name,
  error,
  hint,
  trailing,
  below,
  extraDescribedBy,
  id = name,
  ...input
}: FieldProps) {
  const described = [error && `${id}-error`, hint && `${id}-hint`, extraDescribedBy]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={described || undefined}
          className="block w-full min-w-0 rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base shadow-sm outline-none focus:border-blue-600 focus:ring-2 focus:ring-blue-600/30 aria-invalid:border-red-600 dark:border-zinc-700 dark:bg-zinc-900"
          {...input}
        />
        {trailing}
      </div>
      {hint && !error && (
        <p id={`${id}-hint`} className="text-sm text-zinc-600 dark:text-zinc-400">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
      {below}
    </div>
  );
}
