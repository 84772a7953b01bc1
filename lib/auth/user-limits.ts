import "server-only";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { userChecks, userKey } from "@/lib/rate-limit/checks";
import { checkLimits, rateLimitHeaders, tooManyAttemptsMessage } from "@/lib/rate-limit/index";
import { authEndpointOperation, OPERATIONS, type OperationName } from "@/lib/rate-limit/operations";
import { feature, type HookContext, sessionFromRow } from "./hook-context";

/**
 * The endpoint's operation when it has a per-user rule and came through the HTTP handler. A server
 * action calling `auth().api` has no request here: its own wrapper counted it (lib/forms/action.ts).
 */
function userLimited(ctx: HookContext): OperationName | undefined {
  if (!ctx.request) return undefined;
  const operation = authEndpointOperation(ctx.path ?? "", ctx.request.method);
  return operation && "user" in OPERATIONS[operation] ? operation : undefined;
}

/**
 * The per-user rules of Better Auth's endpoints (accountWrite, accountRead), counted once the
 * session is resolved from its row, however the client sent it (access cookie, session cookie
 * alone, bearer token): the edge knows none of these for sure. No session, no count: the endpoint
 * refuses the request itself.
 */
export function userLimits() {
  return feature("user-limits", {
    before: [
      {
        matcher: () => true,
        handler: createAuthMiddleware(async (ctx) => {
          const operation = userLimited(ctx);
          if (!operation) return;
          const signedIn = await sessionFromRow(ctx);
          if (!signedIn) return;
          const verdict = await checkLimits(userChecks(operation, userKey(signedIn.user.id)));
          if (!verdict || verdict.allowed) return;
          const message = tooManyAttemptsMessage(verdict.retryAfter);
          throw new APIError(
            "TOO_MANY_REQUESTS",
            { code: "RATE_LIMITED", message },
            rateLimitHeaders(verdict),
          );
        }),
      },
    ],
  });
}
