import { createHash } from "node:crypto";

/** Replaced session tokens are kept only as hashes: a database leak yields no usable token. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
