import type { CookieJar } from "@/test/http";
import { BASE_URL } from "@/test/http";

/**
 * Stands in for next/headers so a server action runs in-process as in a request from `jar`'s
 * browser: `vi.mock("next/headers", () => import("@/test/security/next-request"))`.
 */
let current = new Headers();
const written = new Map<string, string>();

export function actAs(jar: CookieJar | undefined, extra: HeadersInit = {}): void {
  current = new Headers(extra);
  current.set("origin", BASE_URL);
  if (jar?.cookies.size) current.set("cookie", jar.header());
  written.clear();
}

export async function headers(): Promise<Headers> {
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
