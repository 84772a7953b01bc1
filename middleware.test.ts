import { SignJWT } from "jose";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/todos/route";
import { IDENTITY_HEADER, verifyIdentity } from "@/lib/identity/handoff";
import { startAuthServer } from "@/test/auth-server";
import { withTestDatabase } from "@/test/database";
import { type CookieJar, createVerifiedUser } from "@/test/http";
import { forgetAuth, forgetEnv } from "@/test/process-state";
import { throughMiddleware } from "@/test/through-middleware";
import { middleware } from "./middleware";

const getDb = withTestDatabase();
let server: Awaited<ReturnType<typeof startAuthServer>>;
let jar: CookieJar;
let revokedLater: CookieJar;

beforeAll(async () => {
  jar = await createVerifiedUser("mia@example.com");
  // Signed up while BETTER_AUTH_URL is still the origin test/http.ts sends.
  revokedLater = await createVerifiedUser("noah@example.com");
  // The middleware renews access tokens by calling the app at BETTER_AUTH_URL: serve it for real.
  server = await startAuthServer();
  process.env.BETTER_AUTH_URL = server.url;
  forgetEnv();
  forgetAuth();
});

afterAll(async () => {
  await server.close();
  process.env.BETTER_AUTH_URL = "http://localhost:3000";
  forgetEnv();
});

function visit(path: string, cookies: Record<string, string | undefined> = {}) {
  const cookie = Object.entries(cookies)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
  return middleware(
    new NextRequest(new URL(path, "http://localhost:3000"), { headers: { cookie } }),
  );
}

const ACCESS = "better-auth.session_data";
const SESSION = "better-auth.session_token";
const location = (response: Response) => response.headers.get("location");

describe("middleware", () => {
  it("sends a signed-out visitor of /todos to sign in, keeping the path and query", async () => {
    const res = await visit("/todos?filter=active");
    expect(res.status).toBe(307);
    expect(location(res)).toBe("http://localhost:3000/sign-in?next=%2Ftodos%3Ffilter%3Dactive");
  });

  it("lets a valid access JWT through without touching the database", async () => {
    const spy = vi.spyOn(getDb(), "selectFrom");
    const res = await visit("/todos", {
      [ACCESS]: jar.cookies.get(ACCESS),
      [SESSION]: jar.cookies.get(SESSION),
    });
    expect(res.headers.get("x-middleware-next")).toBe("1");
    expect(spy).not.toHaveBeenCalled();
  });

  it("sends signed-in users from /sign-in, /sign-up and / to /todos", async () => {
    for (const path of ["/sign-in", "/sign-up", "/"]) {
      const res = await visit(path, { [ACCESS]: jar.cookies.get(ACCESS) });
      expect(location(res)).toBe("http://localhost:3000/todos");
    }
  });

  it("treats a malformed or forged access cookie as signed out, never a 500", async () => {
    const forged = await new SignJWT({ session: { id: "x" }, user: { id: "attacker" } })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode("not-the-secret-not-the-secret-not-the-secret"));
    for (const value of ["garbage", "a.b.c", forged, "%%%"]) {
      const res = await visit("/todos", { [ACCESS]: value });
      expect(res.status).toBe(307);
      expect(location(res)).toContain("/sign-in");
    }
  });

  it("renews a missing or expired access JWT from a live session without redirecting", async () => {
    const res = await visit("/todos", { [SESSION]: jar.cookies.get(SESSION) });
    expect(res.headers.get("x-middleware-next")).toBe("1");
    expect(res.headers.getSetCookie().some((line) => line.startsWith(`${ACCESS}=`))).toBe(true);
    // The page renders with the renewed cookie.
    expect(res.headers.get("x-middleware-request-cookie")).toContain(`${ACCESS}=`);
    // The renewal also rotated the session token: the browser keeps the new one.
    const rotatedFrom = jar.cookies.get(SESSION);
    jar.store(res);
    expect(jar.cookies.get(SESSION)).not.toBe(rotatedFrom);

    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 6 * 60 * 1000);
      const later = await visit("/todos", {
        [ACCESS]: jar.cookies.get(ACCESS),
        [SESSION]: jar.cookies.get(SESSION),
      });
      expect(later.headers.get("x-middleware-next")).toBe("1");
      expect(later.headers.getSetCookie().some((line) => line.startsWith(`${ACCESS}=`))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("renews an access JWT in its last 30 seconds, so the request never reaches its route expired", async () => {
    const fresh = await visit("/todos", { [SESSION]: jar.cookies.get(SESSION) });
    jar.store(fresh);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 5 * 60 * 1000 - 10_000);
      const late = await visit("/todos", {
        [ACCESS]: jar.cookies.get(ACCESS),
        [SESSION]: jar.cookies.get(SESSION),
      });
      expect(late.headers.get("x-middleware-next")).toBe("1");
      expect(late.headers.getSetCookie().some((line) => line.startsWith(`${ACCESS}=`))).toBe(true);
      jar.store(late);
    } finally {
      vi.useRealTimers();
    }
  });

  it("renews for the REST API too, and the route reads the renewed user (no route renews itself)", async () => {
    const passed = await throughMiddleware(
      new NextRequest("http://localhost:3000/api/todos", {
        headers: { cookie: `${SESSION}=${jar.cookies.get(SESSION)}` },
      }),
    );
    if (!("forwarded" in passed)) throw new Error("the middleware stopped a signed-in request");
    jar.store(passed.answer);
    const identity = passed.forwarded.headers.get(IDENTITY_HEADER);
    const secret = process.env.BETTER_AUTH_SECRET ?? "";
    expect((await verifyIdentity(identity, secret))?.user.email).toBe("mia@example.com");
    expect((await GET(passed.forwarded, { params: Promise.resolve({}) })).status).toBe(200);
  });

  it("never renews for the live feed: a stream is no place to rotate a session", async () => {
    const res = await visit("/api/todos/feed", { [SESSION]: jar.cookies.get(SESSION) });
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get(`x-middleware-request-${IDENTITY_HEADER}`)).toBeNull();
  });

  it("sends a device whose session was revoked to sign in once its access JWT is gone", async () => {
    const other = revokedLater;
    await getDb()
      .deleteFrom("session")
      .where("token", "=", other.cookies.get(SESSION)?.split(".")[0] ?? "")
      .execute();
    const res = await visit("/todos", { [SESSION]: other.cookies.get(SESSION) });
    expect(res.status).toBe(307);
    expect(location(res)).toContain("/sign-in?next=%2Ftodos");
  });
});
