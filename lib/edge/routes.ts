/** Pages that read user data: signed-out visitors are sent to sign in. */
export function isProtectedPath(pathname: string): boolean {
  return /^\/(todos|settings)(\/|$)/.test(pathname);
}

/** Pages only for signed-out visitors: signed-in users go straight to their todos. */
export function isGuestOnlyPath(pathname: string): boolean {
  return pathname === "/" || pathname === "/sign-in" || pathname === "/sign-up";
}

/**
 * Requests whose expired access JWT the middleware renews: pages, server actions and the REST API.
 * Not Better Auth's own routes (the renewal calls one), nor the live feed: a stream is no place to
 * rotate a session, so it answers access_expired and its page renews.
 */
export function renewsAccess(pathname: string): boolean {
  if (!pathname.startsWith("/api/")) return true;
  return /^\/api\/todos(\/|$)/.test(pathname) && !/^\/api\/todos\/feed(\/|$)/.test(pathname);
}
