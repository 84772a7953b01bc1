/** A submit button shown only without JavaScript, for controls that otherwise submit on change. */
export function NoScriptSubmit({ label }: { label: string }) {
  return (
    <noscript>
      <button
        type="submit"
        className="ml-2 rounded border border-zinc-300 px-2 py-0.5 text-xs dark:border-zinc-700"
      >
        {label}
      </button>
    </noscript>
  );
}
