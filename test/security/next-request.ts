import { handOverIdentity } from "@/lib/edge/identity";
import type { CookieJar } from "@/test/http";
import { BASE_URL } from "@/test/http";

/**
 * Stands in for next/headers so a server action runs in-process as in a request from `jar`'s
 * browser: `vi.mock("next/headers", () => import("@/test/security/next-request"))`.
 */
let current = new Headers();
let arrived: Promise<unknown> = Promise.resolve();
const written = new Map<string, string>();

/** A request from this browser through the middleware, which hands over who its access JWT names. */
export function actAs(jar: CookieJar | undefined, extra: HeadersInit = {}): void {
  arriveDirectly(jar, extra);
  arrived = handOverIdentity(current.get("cookie") ?? "", current);
}

/** A request that skipped the middleware: its headers reach the action as the client wrote them. */
export function arriveDirectly(jar: CookieJar | undefined, extra: HeadersInit = {}): void {
  current = new Headers(extra);
  current.set("origin", BASE_URL);
  if (jar?.cookies.size) current.set("cookie", jar.header());
  arrived = Promise.resolve();
  written.clear();
}

export async function headers(): Promise<Headers> {
  await arrived;
  return current;
}

export async function cookies() {
  return {
    get: (name: string) => {
      const value = written.get(name) ?? readCookie(name);
      return value === undefined ? undefined : { name, value };
    },
    getAll: () => [],
    has: (name: string) => readCookie(name) !== undefined,
    set: (name: string, value: string) => {
      written.set(name, value);
    },
    delete: (name: string) => {
      written.set(name, "");
    },
  };
}

function readCookie(name: string): string | undefined {
  for (const pair of (current.get("cookie") ?? "").split(/;\s*/)) {
    const at = pair.indexOf("=");
    if (pair.slice(0, at) === name) return pair.slice(at + 1);
  }
  return undefined;
}
