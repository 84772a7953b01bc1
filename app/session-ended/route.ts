import { NextResponse } from "next/server";
import { cookiesAreSecure, sessionCookieNames } from "@/lib/auth/cookies";
import { safeNextPath } from "@/lib/http/safe-next-path";

/** A navigation this site started (or one typed or bookmarked): never another site's link or form. */
const OWN_NAVIGATION = new Set(["same-origin", "same-site", "none"]);

/**
 * Where a page render sends a device whose session was revoked elsewhere: its access JWT may still
 * look valid for a few minutes, so its cookies are cleared before it is sent to sign in, and so is
 * everything the site stored in the browser (the offline list, its queue, the cached pages).
 * Another site's link cannot sign anyone out: it gets a page that asks first.
 */
export function GET(request: Request) {
  const next = safeNextPath(new URL(request.url).searchParams.get("next"));
  const site = request.headers.get("sec-fetch-site");
  // Browsers without Fetch Metadata send no such header: they keep working as before.
  if (site !== null && !OWN_NAVIGATION.has(site)) return confirmPage(next);
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
  // The browser drops the origin's storage and service worker as well (the sign-in page wipes the
  // copy too). Not "cache": the HTTP cache holds no list (pages are dynamic), and Chromium blocks
  // the navigation while it empties the whole cache.
  response.headers.set("clear-site-data", '"storage"');
  return response;
}

function signInAfterRevocation(next: string): string {
  return `/sign-in?${new URLSearchParams({ next, ended: "1" })}`;
}

/** A plain page (no script): the link is a same-origin navigation, which may then sign out. */
function confirmPage(next: string): Response {
  const href = `/session-ended?${new URLSearchParams({ next })}`.replaceAll("&", "&amp;");
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Signed out</title></head><body><main><h1>Was this device signed out?</h1><p>If your session on this device has ended, continue to sign in again.</p><p><a href="${href}">Continue to sign in</a></p></main></body></html>`;
  return new Response(html, {
    status: 200,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
}
