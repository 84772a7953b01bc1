import { expect } from "vitest";
import { GET } from "@/app/api/todos/feed/route";
import { auth } from "@/lib/auth";
import type { Actor } from "@/lib/sessions/actor";
import { CookieJar, callAuth, request } from "@/test/http";

/** The password every live-feed test user signs up with. */
export const FEED_PASSWORD = "correct horse battery";

/** The route handler's second argument: the feed route has no params. */
const noParams = { params: Promise.resolve({}) };

/** Who a signed-in jar is: its user and session, read through Better Auth. */
export async function actorOf(jar: CookieJar): Promise<Actor> {
  const session = await auth().api.getSession({ headers: new Headers({ cookie: jar.header() }) });
  if (!session) throw new Error("not signed in");
  return { userId: session.user.id, sessionId: session.session.id };
}

/** Another device of an existing account: a fresh sign-in, so a session of its own. */
export async function signIn(email: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const res = await callAuth("/sign-in/email", {
    method: "POST",
    jar,
    json: { email, password: FEED_PASSWORD },
  });
  expect(res.status).toBe(200);
  return jar;
}

/** GET /api/todos/feed as this device, through the route; the caller cancels what it opened. */
export async function openFeed(
  jar: CookieJar,
  init: Parameters<typeof request>[1] = {},
  path = "/api/todos/feed",
): Promise<Response> {
  return GET(await request(path, { ...init, jar }), noParams);
}
