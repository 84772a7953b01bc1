import { createHash } from "node:crypto";

/**
 * Replaced session tokens (retired_session_token) are kept only as SHA-256 hashes, so that table
 * alone yields no usable token. Live tokens are not: Better Auth stores `session.token` as issued
 * and looks sessions up by it, so a leak of the session table exposes every live session (revoke
 * them all after one). The hash protects the retired list, not the sessions.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
