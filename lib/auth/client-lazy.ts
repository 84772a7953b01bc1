/**
 * Better Auth's browser client, loaded on first use: with the passkey (SimpleWebAuthn) and
 * two-factor plugins it is ~17 kB gzip, which /sign-in should not pay before anyone asks for it.
 */
export async function loadAuthClient() {
  return (await import("./client")).authClient;
}
