import { env } from "@/lib/env";

export interface Renewal {
  signedIn: boolean;
  /** Better Auth could not check the session (the database is down): neither in nor out. */
  unavailable: boolean;
  /** Set-Cookie lines to pass on to the browser (a new access JWT, or the cleared session). */
  setCookies: string[];
  /** The Cookie header the page should see after the renewal. */
  cookieHeader: string;
  /** Better Auth refused it: this session renewed too often (its 429 headers and message). */
  tooMany?: { message: string; headers: Record<string, string> };
}

/**
 * The access JWT expired but a session cookie is present: ask Better Auth (which checks the
 * session in the database) for a new one. Server components cannot set cookies, so it happens here.
 */
export async function renewAccessToken(request: Request): Promise<Renewal> {
  const cookieHeader = request.headers.get("cookie") ?? "";
  try {
    // From the session row, never the access cookie: one in its last seconds must be replaced.
    const url = new URL("/api/auth/get-session?disableCookieCache=true", env().BETTER_AUTH_URL);
    const response = await fetch(url, {
      headers: { cookie: cookieHeader, "user-agent": request.headers.get("user-agent") ?? "" },
      cache: "no-store",
    });
    const setCookies = response.headers.getSetCookie();
    const body = (await response.json().catch(() => null)) as {
      session?: unknown;
      message?: string;
    } | null;
    return {
      signedIn: response.ok && Boolean(body?.session),
      unavailable: response.status >= 500,
      setCookies,
      cookieHeader: applySetCookies(cookieHeader, setCookies),
      ...(response.status === 429 && { tooMany: tooManyFrom(response, body?.message) }),
    };
  } catch {
    return { signedIn: false, unavailable: true, setCookies: [], cookieHeader };
  }
}

/** The refusal as the REST API passes it on: the limiter's message and its RateLimit headers. */
function tooManyFrom(response: Response, message = "Too many attempts.") {
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) {
    if (/^(retry-after|ratelimit(-policy)?)$/i.test(name)) headers[name] = value;
  }
  return { message, headers };
}

/** What the Cookie header becomes once the browser has applied these Set-Cookie lines. */
function applySetCookies(cookieHeader: string, setCookies: string[]): string {
  const jar = new Map<string, string>();
  for (const part of cookieHeader.split(";")) {
    const index = part.indexOf("=");
    if (index > 0) jar.set(part.slice(0, index).trim(), part.slice(index + 1).trim());
  }
  for (const line of setCookies) {
    const [pair = "", ...attributes] = line.split(";");
    const index = pair.indexOf("=");
    if (index <= 0) continue;
    const name = pair.slice(0, index).trim();
    const value = pair.slice(index + 1).trim();
    if (value === "" || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}
