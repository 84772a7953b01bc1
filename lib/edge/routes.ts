/** Pages that read user data: signed-out visitors are sent to sign in. */
export function isProtectedPath(pathname: string): boolean {
  return /^\/(todos|settings)(\/|$)/.test(pathname);
}

/** Pages only for signed-out visitors: signed-in users go straight to their todos. */
export function isGuestOnlyPath(pathname: string): boolean {
  return pathname === "/" || pathname === "/sign-in" || pathname === "/sign-up";
}
