import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as sessionEnded } from "@/app/session-ended/route";
import { auth } from "@/lib/auth";
import { withTestDatabase } from "@/test/database";
import { CookieJar, firstLink, latestEmailTo } from "@/test/http";
import { forgetAuth, forgetEnv } from "@/test/process-state";

withTestDatabase();

const PASSWORD = "correct horse battery";

/** Sends a request to Better Auth as a browser on `base` would, collecting every Set-Cookie line. */
function browserAt(base: string) {
  const jar = new CookieJar();
  const setCookies: string[] = [];
  async function call(path: string, init: { method?: string; json?: unknown } = {}) {
    const headers = new Headers({ origin: base });
    if (jar.cookies.size) headers.set("cookie", jar.header());
    if (init.json !== undefined) headers.set("content-type", "application/json");
    const response = await auth().handler(
      new Request(new URL(path, base), {
        method: init.method ?? "GET",
        headers,
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      }),
    );
    setCookies.push(...response.headers.getSetCookie());
    jar.store(response);
    return response;
  }
  return { jar, setCookies, call };
}

/** Every way a browser comes to hold cookies: verify, sign in (both kinds), renew, change password, sign out. */
async function everySetCookie(base: string, email: string) {
  const browser = browserAt(base);
  const signUp = await browser.call("/api/auth/sign-up/email", {
    method: "POST",
    json: { name: "Cookie Tester", email, password: PASSWORD, callbackURL: "/todos" },
  });
  expect(signUp.status).toBe(200);
  const link = firstLink((await latestEmailTo(email))?.text ?? "");
  expect(new URL(link).origin).toBe(base);
  await browser.call(link);
  const rememberOff = browserAt(base);
  const off = await rememberOff.call("/api/auth/sign-in/email", {
    method: "POST",
    json: { email, password: PASSWORD, rememberMe: false },
  });
  expect(off.status).toBe(200);
  await rememberOff.call("/api/auth/get-session");
  const rememberOn = browserAt(base);
  await rememberOn.call("/api/auth/sign-in/email", {
    method: "POST",
    json: { email, password: PASSWORD, rememberMe: true },
  });
  // Without the access JWT, get-session issues a new one (what the middleware does on renewal).
  rememberOn.jar.cookies.delete(
    [...rememberOn.jar.cookies.keys()].find((n) => n.endsWith("session_data")) ?? "",
  );
  await rememberOn.call("/api/auth/get-session");
  const changed = await rememberOn.call("/api/auth/change-password", {
    method: "POST",
    json: {
      currentPassword: PASSWORD,
      newPassword: `${PASSWORD} again`,
      revokeOtherSessions: true,
    },
  });
  expect(changed.status).toBe(200);
  await rememberOn.call("/api/auth/sign-out", { method: "POST", json: {} });
  const ended = sessionEnded(new Request(new URL("/session-ended?next=/todos", base)));
  return {
    all: [
      ...browser.setCookies,
      ...rememberOff.setCookies,
      ...rememberOn.setCookies,
      ...ended.headers.getSetCookie(),
    ],
    rememberOff: rememberOff.setCookies,
  };
}

const attributes = (line: string) =>
  line
    .split(";")
    .slice(1)
    .map((part) => part.trim().toLowerCase());
const cookieName = (line: string) => line.slice(0, line.indexOf("=")).trim();

for (const { scheme, base } of [
  { scheme: "http", base: "http://localhost:3000" },
  { scheme: "https", base: "https://todos.example.com" },
]) {
  describe(`auth cookies when BETTER_AUTH_URL is ${scheme}`, () => {
    let lines: { all: string[]; rememberOff: string[] };
    beforeAll(async () => {
      process.env.BETTER_AUTH_URL = base;
      forgetEnv();
      forgetAuth();
      lines = await everySetCookie(base, `cookies-${scheme}@example.com`);
    });
    afterAll(() => {
      process.env.BETTER_AUTH_URL = "http://localhost:3000";
      forgetEnv();
      forgetAuth();
    });

    it("sets the session token, the access JWT, the remember-me marker, the known-device cookie and the signed-up marker, and nothing else", () => {
      const secure = scheme === "https" ? "__Secure-" : "";
      const names = new Set(
        lines.all
          .map(cookieName)
          .map((name) => name.replace(/known_device\.[0-9a-f]{16}$/, "known_device.*")),
      );
      expect(names).toEqual(
        new Set([
          ...["session_token", "session_data", "dont_remember"].map(
            (n) => `${secure}better-auth.${n}`,
          ),
          `${secure}todo.known_device.*`,
          `${secure}todo.signed_up`,
        ]),
      );
    });

    it(`marks every cookie HttpOnly, SameSite=Lax, Path=/, no Domain${scheme === "https" ? ", Secure and __Secure-" : ", not Secure"}`, () => {
      for (const line of lines.all) {
        const attrs = attributes(line);
        expect(attrs, line).toContain("httponly");
        expect(attrs, line).toContain("path=/");
        expect(
          attrs.filter((a) => a.startsWith("samesite=")),
          line,
        ).toEqual(["samesite=lax"]);
        expect(
          attrs.some((a) => a.startsWith("domain=")),
          line,
        ).toBe(false);
        expect(attrs.includes("secure"), line).toBe(scheme === "https");
        expect(cookieName(line).startsWith("__Secure-"), line).toBe(scheme === "https");
      }
    });

    it("gives the session token no Max-Age or Expires when remember-me is off", () => {
      const session = lines.rememberOff.filter((line) =>
        cookieName(line).endsWith("better-auth.session_token"),
      );
      expect(session.length).toBeGreaterThan(0);
      for (const line of session) {
        expect(
          attributes(line).some((a) => /^(max-age|expires)=/.test(a)),
          line,
        ).toBe(false);
      }
    });
  });
}
