"use client";

import { useEffect, useState } from "react";
import type { Strength } from "./password-strength";

const LABELS = ["Very weak", "Weak", "Fair", "Good", "Strong"] as const;
const COLORS = ["bg-red-600", "bg-red-600", "bg-amber-500", "bg-emerald-600", "bg-emerald-700"];

/**
 * How hard the password being typed would be to guess (zxcvbn-ts). Advice only: the server's
 * rules decide. The estimator and its dictionaries (~1 MB) load on the first keystroke, in a
 * chunk of their own, so pages without a new-password field never download them.
 */
export function StrengthMeter({ id, password }: { id: string; password: string }) {
  const [strength, setStrength] = useState<Strength | undefined>();
  useEffect(() => {
    if (!password) return setStrength(undefined);
    let current = true;
    import("./password-strength")
      .then(({ estimateStrength }) => estimateStrength(password))
      .then((result) => current && setStrength(result))
      .catch(() => current && setStrength(undefined));
    return () => {
      current = false;
    };
  }, [password]);
  if (!password || !strength) return null;
  return (
    <div id={id} className="space-y-1" aria-live="polite">
      <div className="flex gap-1" aria-hidden="true">
        {LABELS.slice(1).map((label, index) => (
          <span
            key={label}
            className={`h-1.5 flex-1 rounded-full ${index < strength.score ? COLORS[strength.score] : "bg-zinc-200 dark:bg-zinc-700"}`}
          />
        ))}
      </div>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">
        Strength: {LABELS[strength.score]}
        {strength.warning && <span>. {strength.warning}</span>}
      </p>
    </div>
  );
}
