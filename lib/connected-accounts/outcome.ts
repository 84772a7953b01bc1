import type { SignInProvider } from "./providers";

/** Why a link came back refused, as the owner reads it (Better Auth's `?error=` codes). */
const LINK_REFUSALS: Record<string, string> = {
  account_already_linked_to_different_user:
    "That account already signs in to another account here, so it was not connected.",
  email_does_not_match:
    "That account uses another email address than yours here, so it was not connected.",
  unable_to_link_account:
    "That account was not connected: its email is not verified there, or the request ran out. Try again.",
  access_denied: "You cancelled at the provider: nothing was connected.",
};

/** What the security page says after a provider sent the browser back, read from its query. */
export function providerOutcome(
  query: Record<string, string | undefined>,
  providers: SignInProvider[],
): string | undefined {
  const name = (id: string | undefined) =>
    providers.find((p) => p.id === id)?.name ?? "The provider";
  if (query.connected) return `${name(query.connected)} is connected. You can sign in with it now.`;
  if (query.connect_error) {
    return (
      LINK_REFUSALS[query.error ?? ""] ??
      `${name(query.connect_error)} could not be connected. Nothing changed; try again.`
    );
  }
  if (query.step_up_error) {
    return `Confirming with ${name(query.step_up_error)} did not work. Nothing changed; try again or use another way.`;
  }
  return undefined;
}
