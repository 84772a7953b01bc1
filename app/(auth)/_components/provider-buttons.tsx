import type { SignInProvider } from "@/lib/auth/providers";
import { providerSignInAction } from "../provider-actions";

/** "Continue with Google / GitHub / <OIDC name>", one plain form each: no JavaScript needed. */
export function ProviderButtons({
  providers,
  next,
}: {
  providers: SignInProvider[];
  next?: string;
}) {
  if (providers.length === 0) return null;
  return (
    <div className="mt-6 border-t border-zinc-200 pt-6 dark:border-zinc-800">
      <p className="mb-3 text-center text-sm text-zinc-600 dark:text-zinc-400">Or</p>
      <ul className="flex flex-col gap-2">
        {providers.map((provider) => (
          <li key={provider.id}>
            <form action={providerSignInAction}>
              <input type="hidden" name="provider" value={provider.id} />
              {next && <input type="hidden" name="next" value={next} />}
              <button
                type="submit"
                className="w-full rounded-lg border border-zinc-300 bg-white px-4 py-2 text-sm font-medium hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800"
              >
                Continue with {provider.name}
              </button>
            </form>
          </li>
        ))}
      </ul>
    </div>
  );
}
