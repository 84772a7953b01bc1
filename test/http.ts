import { auth } from "@/lib/auth";
import { db } from "@/lib/db";
import { handOverIdentity } from "@/lib/edge/identity";
import { settleBackgroundTasks } from "@/test/process-state";

export const BASE_URL = "http://localhost:3000";

/** A browser-like cookie jar: keeps what Set-Cookie says, sends it back as Cookie. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const name = pair.slice(0, pair.indexOf("=")).trim();
      const value = pair.slice(pair.indexOf("=") + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/**
 * A request as Node receives it. A browser (a jar) comes through the middleware, which hands over
 * who its access JWT names; without a jar the headers arrive as given, as if the middleware were
 * skipped.
 */
export async function request(
  path: string,
  init: RequestInit & { jar?: CookieJar; json?: unknown } = {},
) {
  const headers = new Headers(init.headers);
  if (init.jar?.cookies.size) headers.set("cookie", init.jar.header());
  if (init.jar) await handOverIdentity(init.jar.header(), headers);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  if (!headers.has("origin") && init.method && init.method !== "GET")
    headers.set("origin", BASE_URL);
  return new Request(new URL(path, BASE_URL), {
    ...init,
    headers,
    body: init.json === undefined ? init.body : JSON.stringify(init.json),
  });
}

/** Sends a real Request through Better Auth's handler, as /api/auth/[...all] does. */
export async function callAuth(path: string, init: Parameters<typeof request>[1] = {}) {
  const response = await auth().handler(await request(`/api/auth${path}`, init));
  init.jar?.store(response);
  return response;
}

export async function latestEmailTo(address: string) {
  // Emails are sent after the response; wait for those already under way.
  await settleBackgroundTasks();
  return db()
    .selectFrom("outbox")
    .selectAll()
    .where("to", "=", address.toLowerCase())
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

export function firstLink(text: string): string {
  const link = /https?:\/\/\S+/.exec(text)?.[0];
  if (!link) throw new Error(`no link in: ${text}`);
  return link;
}

/** Signs up, follows the verification link in the same browser and returns a jar holding a live session. */
export async function createVerifiedUser(email: string, password = "correct horse battery") {
  const jar = new CookieJar();
  const signUp = await callAuth("/sign-up/email", {
    method: "POST",
    jar,
    json: { name: "Test User", email, password, callbackURL: "/todos" },
  });
  if (!signUp.ok) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
  const email_ = await latestEmailTo(email);
  if (!email_) throw new Error("no verification email");
  const link = new URL(firstLink(email_.text));
  const verify = await auth().handler(await request(link.pathname + link.search, { jar }));
  jar.store(verify);
  return jar;
}
