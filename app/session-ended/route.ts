import { NextResponse } from "next/server";
import { cookiesAreSecure } from "@/lib/auth-cookies";
import { safeNextPath } from "@/lib/middleware/routes";

const AUTH_COOKIES = ["session_token", "session_data", "dont_remember"];

/**
 * Where a device lands when its session was revoked on another device: its access JWT may still
 * look valid for a few minutes, so its cookies are cleared before it is sent to sign in.
 */
export function GET(request: Request) {
  const next = safeNextPath(new URL(request.url).searchParams.get("next"));
  const signIn = new URL("/sign-in", request.url);
  signIn.searchParams.set("next", next);
  signIn.searchParams.set("ended", "1");
  const response = NextResponse.redirect(signIn, 303);
  const prefix = cookiesAreSecure() ? "__Secure-better-auth." : "better-auth.";
  for (const name of AUTH_COOKIES) {
    response.cookies.set(`${prefix}${name}`, "", {
      path: "/",
      maxAge: 0,
      httpOnly: true,
      sameSite: "lax",
      secure: cookiesAreSecure(),
    });
  }
  return response;
}
