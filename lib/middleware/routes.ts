/** Pages that read user data: signed-out visitors are sent to sign in. */
export function isProtectedPath(pathname: string): boolean {
  return /^\/(todos|settings)(\/|$)/.test(pathname);
}

/** Pages only for signed-out visitors: signed-in users go straight to their todos. */
export function isGuestOnlyPath(pathname: string): boolean {
  return pathname === "/" || pathname === "/sign-in" || pathname === "/sign-up";
}

/** `?next=` is honoured only for a path on this site (no scheme, host or protocol-relative trick). */
export function safeNextPath(next: string | null | undefined, fallback = "/todos"): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.includes("\\")) return fallback;
  try {
    const url = new URL(next, "http://internal.invalid");
    if (url.origin !== "http://internal.invalid") return fallback;
    return url.pathname + url.search + url.hash;
  } catch {
    return fallback;
  }
}
