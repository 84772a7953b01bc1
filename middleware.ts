import { type NextRequest, NextResponse } from "next/server";
import { sessionTokenCookieName } from "@/lib/auth-cookies";
import { readAccessToken } from "@/lib/middleware/access-token";
import { renewAccessToken } from "@/lib/middleware/renew";
import { isGuestOnlyPath, isProtectedPath } from "@/lib/middleware/routes";

/** Edge: decides signed-in or not from the access JWT alone; touches the DB only via renewal. */
export async function middleware(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  let signedIn = (await readAccessToken(request)) !== null;
  let setCookies: string[] = [];
  let cookieHeader: string | undefined;

  if (!signedIn && request.cookies.has(sessionTokenCookieName())) {
    const renewal = await renewAccessToken(request);
    ({ signedIn, setCookies, cookieHeader } = renewal);
  }

  let response: NextResponse;
  if (!signedIn && isProtectedPath(pathname)) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("next", pathname + search);
    response = NextResponse.redirect(signIn);
  } else if (signedIn && isGuestOnlyPath(pathname)) {
    response = NextResponse.redirect(new URL("/todos", request.url));
  } else if (cookieHeader !== undefined) {
    // The page renders with the renewed cookies, as if the browser had sent them.
    const headers = new Headers(request.headers);
    headers.set("cookie", cookieHeader);
    response = NextResponse.next({ request: { headers } });
  } else {
    response = NextResponse.next();
  }
  for (const line of setCookies) response.headers.append("set-cookie", line);
  return response;
}

export const config = {
  matcher: ["/", "/sign-in", "/sign-up", "/todos/:path*", "/settings/:path*"],
};
