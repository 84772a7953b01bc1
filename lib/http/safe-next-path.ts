/** `?next=` is honoured only for a path on this site (no scheme, host or protocol-relative trick). */
export function safeNextPath(next: string | null | undefined, fallback = "/todos"): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.includes("\\")) return fallback;
  try {
    const url = new URL(next, "http://internal.invalid");
    const path = url.pathname + url.search + url.hash;
    // Dot segments can collapse into a leading "//" ("/.//evil.example"): check what we return.
    return url.origin === "http://internal.invalid" && isSitePath(path) ? path : fallback;
  } catch {
    return fallback;
  }
}

/** A path a browser resolves on this site: one leading slash, never "//" or "/\\" (another host). */
function isSitePath(path: string): boolean {
  return /^\/(?![/\\])/.test(path);
}
