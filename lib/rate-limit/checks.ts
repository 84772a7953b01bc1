import type { LimitCheck } from "./index";
import { OPERATIONS, type Operation, type OperationName } from "./operations";

const rulesOf = (operation: OperationName): Operation => OPERATIONS[operation];

export const ipKey = (ip: string) => `ip:${ip}`;
export const userKey = (userId: string) => `user:${userId}`;

/** The operation's per-IP rule, keyed by the client's address. */
export function ipChecks(operation: OperationName, ip: string): LimitCheck[] {
  const rule = rulesOf(operation).ip;
  return rule ? [{ rule, key: ipKey(ip) }] : [];
}

/** The operation's per-user rule, under `key` (the user's, or the address when no one signed in). */
export function userChecks(operation: OperationName, key: string): LimitCheck[] {
  const rule = rulesOf(operation).user;
  return rule ? [{ rule, key }] : [];
}

/** The operation's per-session rule, keyed by the session's id (which survives rotation). */
export function sessionChecks(operation: OperationName, sessionId: string): LimitCheck[] {
  const rule = rulesOf(operation).session;
  return rule ? [{ rule, key: `session:${sessionId}` }] : [];
}
