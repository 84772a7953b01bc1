import { clientIp } from "@/lib/middleware/client-ip";
import type { LimitCheck } from "./index";
import {
  AUTH_GET_ENDPOINTS,
  authEndpointOperation,
  OPERATIONS,
  type OperationName,
} from "./operations";
import { serverActionIds } from "./server-action-ids";
import { operationOfAction } from "./server-action-operations";

export type LimitedTransport = "api" | "action";

export interface RequestLimits {
  transport: LimitedTransport;
  operations: OperationName[];
  checks: LimitCheck[];
}

/** The edge rules of an operation, keyed for this client (the user when signed in, else the IP). */
export function edgeChecks(
  operation: OperationName,
  ip: string,
  userId: string | undefined,
): LimitCheck[] {
  return OPERATIONS[operation].edge.map(({ rule, key }) => ({
    rule,
    key: key === "user" && userId ? `user:${userId}` : `ip:${ip}`,
  }));
}

/** What a request is, by its route or its server action's id: never by the fields it carries. */
async function classify(
  request: Request,
): Promise<{ transport: LimitedTransport; operations: OperationName[] } | undefined> {
  const { pathname } = new URL(request.url);
  if (pathname.startsWith("/api/auth/")) {
    const path = pathname.slice("/api/auth".length);
    const operation =
      request.method === "POST"
        ? authEndpointOperation(path)
        : Object.hasOwn(AUTH_GET_ENDPOINTS, path)
          ? AUTH_GET_ENDPOINTS[path]
          : undefined;
    return operation && { transport: "api", operations: [operation] };
  }
  if (pathname === "/api/todos" || pathname.startsWith("/api/todos/")) {
    return { transport: "api", operations: [request.method === "GET" ? "todoRead" : "todoWrite"] };
  }
  // Any other path may render a page (a 404 included), and a page runs server actions.
  const operations = new Set<OperationName>();
  for (const id of await serverActionIds(request)) {
    const operation = await operationOfAction(id);
    if (operation) operations.add(operation);
  }
  return operations.size > 0 ? { transport: "action", operations: [...operations] } : undefined;
}

/** Which limits a request counts against at the edge, or undefined when none apply. */
export async function limitsFor(
  request: Request,
  userId: string | undefined,
): Promise<RequestLimits | undefined> {
  const found = await classify(request);
  if (!found) return undefined;
  const ip = clientIp(request);
  const checks = found.operations.flatMap((operation) => edgeChecks(operation, ip, userId));
  return { ...found, checks };
}
