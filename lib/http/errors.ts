/** The one error shape of the JSON API: {"error":{"code","message","fields"?}}. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: HeadersInit,
  ) {
    super(message);
  }
}

export function errorResponse(error: ApiError): Response {
  const body = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.fields && { fields: error.fields }),
    },
  };
  return Response.json(body, { status: error.status, headers: error.headers });
}

/** SQLSTATE classes and socket errors that mean "the database is unreachable", not "bad query". */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (
    typeof code === "string" &&
    (/^(08|57P0[1-3]|53300)/.test(code) ||
      /^E(CONNREFUSED|CONNRESET|TIMEDOUT|NOTFOUND|HOSTUNREACH)$/.test(code))
  ) {
    return true;
  }
  return (
    typeof message === "string" &&
    /connection terminated|connect ECONNREFUSED|websocket|socket hang up/i.test(message)
  );
}

export const notFound = () => new ApiError(404, "not_found", "Todo not found");
