import { NextResponse } from "next/server";
import { cookiesAreSecure, sessionCookieNames } from "@/lib/auth-cookies";
import { safeNextPath } from "@/lib/middleware/routes";

/**
 * Where a page render sends a device whose session was revoked elsewhere: its access JWT may still
 * look valid for a few minutes, so its cookies are cleared before it is sent to sign in.
 */
export function GET(request: Request) {
  const next = safeNextPath(new URL(request.url).searchParams.get("next"));
  const response = NextResponse.redirect(new URL(signInAfterRevocation(next), request.url), 303);
  for (const name of sessionCookieNames()) {
    response.cookies.set(name, "", {
      path: "/",
      maxAge: 0,
      httpOnly: true,
      sameSite: "lax",
      secure: cookiesAreSecure(),
    });
  }
  return response;
}

function signInAfterRevocation(next: string): string {
  return `/sign-in?${new URLSearchParams({ next, ended: "1" })}`;
}
