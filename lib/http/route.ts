import "server-only";
import { auth } from "@/lib/auth";
import { ApiError, errorResponse, isDatabaseUnavailable } from "./errors";
import { isSameOriginRequest } from "./request";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface ApiContext {
  userId: string;
}

/**
 * Wraps a REST handler: authenticate -> CSRF check for cookie writes -> handler, and turns every
 * failure into the JSON error shape (never a stack trace).
 */
export function apiRoute<P>(
  handler: (request: Request, context: ApiContext, params: P) => Promise<Response>,
) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      const session = await auth().api.getSession({ headers: request.headers });
      if (!session) throw new ApiError(401, "unauthorized", "Sign in to use the API");
      if (WRITE_METHODS.has(request.method) && !isSameOriginRequest(request)) {
        throw new ApiError(403, "forbidden_origin", "Cross-origin requests are not allowed");
      }
      return await handler(request, { userId: session.user.id }, await route.params);
    } catch (error) {
      if (error instanceof ApiError) return errorResponse(error);
      if (isDatabaseUnavailable(error)) {
        return errorResponse(
          new ApiError(
            503,
            "unavailable",
            "The service is temporarily unavailable. Try again shortly.",
            undefined,
            {
              "Retry-After": "5",
            },
          ),
        );
      }
      console.error("Unhandled API error:", request.method, new URL(request.url).pathname, error);
      return errorResponse(new ApiError(500, "internal", "Something went wrong on our side."));
    }
  };
}
