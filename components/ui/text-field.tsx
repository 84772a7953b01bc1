import type { InputHTMLAttributes } from "react";

type TextFieldProps = InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  error?: string;
  hint?: string;
};

/** A labelled input with its error right below it, announced through aria-describedby. */
export function TextField({ label, name, error, hint, id = name, ...input }: TextFieldProps) {
  const described = [error && `${id}-error`, hint && `${id}-hint`].filter(Boolean).join(" ");
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        className="block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-base shadow-sm outline-none focus:border-blue-600 focus:ring-2 focus:ring-blue-600/30 aria-invalid:border-red-600 dark:border-zinc-700 dark:bg-zinc-900"
        {...input}
      />
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
    </div>
  );
}

/** An email address field (label "Email" unless told otherwise). */
export function EmailField({
  label = "Email",
  name = "email",
  ...props
}: Omit<TextFieldProps, "label" | "name" | "type"> & { label?: string; name?: string }) {
  return (
    <TextField label={label} name={name} type="email" autoComplete="email" required {...props} />
  );
}

/** A password being chosen, with the policy stated beneath it (label "New password" unless told otherwise). */
export function NewPasswordField({
  label = "New password",
  name = "newPassword",
  ...props
}: Omit<TextFieldProps, "label" | "name" | "type"> & { label?: string; name?: string }) {
  return (
    <TextField
      label={label}
      name={name}
      type="password"
      autoComplete="new-password"
      required
      hint="8 to 128 characters. Spaces and any characters are welcome; a few words make a good passphrase."
      {...props}
    />
  );
}
