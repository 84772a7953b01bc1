"use client";

import { useEffect, useState } from "react";
import { Field, type FieldProps } from "./field";
import { StrengthMeter } from "./strength-meter";

/**
 * A password input with a "Show password" toggle (ASVS V2.1.12): a real button whose pressed
 * state screen readers announce, shown only once JavaScript runs (without it, it could do
 * nothing). `meter`: a strength meter for a password being chosen, loaded on first keystroke.
 */
export function PasswordField({
  meter = false,
  ...props
}: Omit<FieldProps, "type" | "trailing" | "below"> & { meter?: boolean }) {
  const id = props.id ?? props.name;
  const [ready, setReady] = useState(false);
  const [shown, setShown] = useState(false);
  const [value, setValue] = useState("");
  useEffect(() => setReady(true), []);
  return (
    <Field
      {...props}
      type={shown ? "text" : "password"}
      onChange={(event) => {
        setValue(event.target.value);
        props.onChange?.(event);
      }}
      extraDescribedBy={meter && value ? `${id}-strength` : undefined}
      trailing={
        ready && (
          <button
            type="button"
            aria-controls={id}
            aria-pressed={shown}
            onClick={() => setShown((now) => !now)}
            className="shrink-0 rounded-lg border border-zinc-300 px-3 text-sm font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:hover:bg-zinc-800"
          >
            {shown ? "Hide password" : "Show password"}
          </button>
        )
      }
      below={meter && <StrengthMeter id={`${id}-strength`} password={value} />}
    />
  );
}
