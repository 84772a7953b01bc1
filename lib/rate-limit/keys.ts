/** Limiter keys hold hashes, never addresses: Redis learns no email address from them. */
async function digest(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(hash.slice(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The inbox an email goes to. */
export async function emailKey(email: string): Promise<string> {
  return `email:${await digest(normalizeEmail(email))}`;
}

/** The account a password is tried against, named by its email address. */
export async function accountKey(email: string): Promise<string> {
  return `account:${await digest(normalizeEmail(email))}`;
}
