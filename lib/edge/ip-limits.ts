import { clientIp } from "@/lib/net/client-ip";
import type { LimitCheck } from "@/lib/rate-limit";
import {
  authEndpointOperation,
  authRoutePattern,
  OPERATIONS,
  type OperationName,
} from "@/lib/rate-limit/operations";

export interface RequestLimits {
  operation: OperationName;
  checks: LimitCheck[];
}

/**
 * Which per-IP rule a request counts against at the edge, by its route alone, or undefined when
 * none applies. Per-user, per-session and per-action rules are counted in Node, where the caller
 * and the action are known (lib/rate-limit/operations.ts).
 */
export function limitsFor(request: Request): RequestLimits | undefined {
  const { pathname } = new URL(request.url);
  if (!pathname.startsWith("/api/auth/")) return undefined;
  const path = authRoutePattern(pathname.slice("/api/auth".length), request.method);
  const operation = authEndpointOperation(path, request.method);
  const rule = operation && (OPERATIONS[operation] as { ip?: LimitCheck["rule"] }).ip;
  if (!operation || !rule) return undefined;
  return { operation, checks: [{ rule, key: `ip:${clientIp(request)}` }] };
}
