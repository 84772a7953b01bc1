import type * as z from "zod";
import { env } from "@/lib/env";
import { ApiError } from "./errors";

export const MAX_JSON_BYTES = 16 * 1024;

/** First message per field, keyed by path, for forms and the API alike. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const fields = fieldErrors(result.error);
    throw new ApiError(400, "invalid_input", Object.values(fields)[0] ?? "Invalid input", fields);
  }
  return result.data;
}

/** Writes take JSON only, and no more of it than a todo could ever need. */
export async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as application/json");
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_JSON_BYTES) throw tooLarge();
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_JSON_BYTES) throw tooLarge();
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new ApiError(400, "invalid_json", "The body is not valid JSON");
  }
}

const tooLarge = () =>
  new ApiError(413, "payload_too_large", `The body is over ${MAX_JSON_BYTES} bytes`);

/**
 * CSRF defence for cookie-authenticated writes: the browser's Origin must be this app. Requests
 * without Origin and Sec-Fetch-Site come from non-browser clients, which CSRF cannot drive.
 */
export function isSameOriginRequest(request: Request): boolean {
  return isSameOrigin(request.headers, new URL(request.url).protocol);
}

/** The same check from headers alone (server actions), given the scheme the request came over. */
export function isSameOrigin(headers: Headers, protocol: string): boolean {
  const origin = headers.get("origin");
  if (origin === null) {
    const site = headers.get("sec-fetch-site");
    return site === null || site === "same-origin" || site === "none";
  }
  if (origin === "null") return false;
  try {
    const url = new URL(origin);
    // Host alone is not enough: http://this-host (say, injected into plain-http traffic) is another origin.
    return (
      origin === new URL(env().BETTER_AUTH_URL).origin ||
      (url.host === (headers.get("x-forwarded-host") ?? headers.get("host")) &&
        url.protocol === protocol)
    );
  } catch {
    return false;
  }
}
