import { SignJWT } from "jose";
import { describe, expect, it, vi } from "vitest";
import { GET as listTodos } from "@/app/api/todos/route";
import { auth } from "@/lib/auth";
import { verifyAccessJwt } from "@/lib/tokens/access-jwt";
import { publicKeys } from "@/lib/tokens/jwks";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser, latestEmailTo, request } from "@/test/http";
import { hashToken } from "./token-hash";

const getDb = withTestDatabase();
const SESSION = "better-auth.session_token";
const ACCESS = "better-auth.session_data";

/** A device that lost its access JWT and renews it with its session token alone. */
function deviceWithoutAccessJwt(jar: CookieJar): CookieJar {
  const device = new CookieJar();
  device.cookies.set(SESSION, jar.cookies.get(SESSION) ?? "");
  return device;
}

const rawToken = (cookie: string | undefined) =>
  decodeURIComponent(cookie ?? "").split(".")[0] ?? "";

async function sessionOf(email: string) {
  return getDb()
    .selectFrom("session")
    .innerJoin("user", "user.id", "session.userId")
    .select(["session.id", "session.token"])
    .where("user.email", "=", email)
    .execute();
}

describe("refresh rotation", () => {
  it("replaces the session token on each renewal, keeping the session row and its id", async () => {
    const jar = await createVerifiedUser("rotate@example.com");
    const [before] = await sessionOf("rotate@example.com");
    const device = deviceWithoutAccessJwt(jar);
    const res = await callAuth("/get-session", { jar: device });
    expect(res.status).toBe(200);
    // The refresh credential never reaches script on the page.
    const body = await res.json();
    expect(body.session.id).toBe(before?.id);
    expect(body.session).not.toHaveProperty("token");
    const [after] = await sessionOf("rotate@example.com");
    expect(after?.id).toBe(before?.id);
    expect(after?.token).not.toBe(before?.token);
    expect(rawToken(device.cookies.get(SESSION))).toBe(after?.token);
    expect(device.cookies.has(ACCESS)).toBe(true);
    const retired = await getDb().selectFrom("retired_session_token").selectAll().execute();
    expect(retired.map((r) => r.token_hash)).toContain(hashToken(before?.token ?? ""));
  });

  it("answers a replaced token within the grace with its successor, even for racing requests", async () => {
    const jar = await createVerifiedUser("race@example.com");
    const old = jar.cookies.get(SESSION);
    const [a, b] = [deviceWithoutAccessJwt(jar), deviceWithoutAccessJwt(jar)];
    const [resA, resB] = await Promise.all([
      callAuth("/get-session", { jar: a }),
      callAuth("/get-session", { jar: b }),
    ]);
    expect((await resA.json())?.user.email).toBe("race@example.com");
    expect((await resB.json())?.user.email).toBe("race@example.com");
    const [current] = await sessionOf("race@example.com");
    expect(rawToken(a.cookies.get(SESSION))).toBe(current?.token);
    expect(rawToken(b.cookies.get(SESSION))).toBe(current?.token);

    const late = new CookieJar();
    late.cookies.set(SESSION, old ?? "");
    expect((await (await callAuth("/get-session", { jar: late })).json())?.user.email).toBe(
      "race@example.com",
    );
    expect(rawToken(late.cookies.get(SESSION))).toBe(current?.token);
  });

  it("treats a replaced token after its grace as theft: revokes the session and emails the owner", async () => {
    const email = "stolen@example.com";
    const jar = await createVerifiedUser(email);
    const stolen = jar.cookies.get(SESSION);
    const device = deviceWithoutAccessJwt(jar);
    await callAuth("/get-session", { jar: device });
    // The device got and used its successor: the old token can no longer be a lost response.
    await callAuth("/get-session", { jar: deviceWithoutAccessJwt(device) });
    await getDb()
      .updateTable("retired_session_token")
      .set({ retired_at: new Date(Date.now() - 31_000) })
      .where("token_hash", "=", hashToken(rawToken(stolen)))
      .execute();

    const thief = new CookieJar();
    thief.cookies.set(SESSION, stolen ?? "");
    const res = await callAuth("/get-session", { jar: thief });
    expect(await res.json()).toBeNull();
    expect(thief.cookies.has(SESSION)).toBe(false);
    expect(await sessionOf(email)).toEqual([]);
    expect((await latestEmailTo(email))?.subject).toBe(
      "A device was signed out of Todos for your safety",
    );
  });
});

describe("bearer devices", () => {
  async function accessJwt(sessionCookie: string | undefined) {
    const res = await callAuth("/token", { headers: { authorization: `Bearer ${sessionCookie}` } });
    expect(res.status).toBe(200);
    return {
      jwt: (await res.json()).token as string,
      nextSessionToken: res.headers.get("set-auth-token"),
    };
  }

  it("trade the session token for a 5-minute EdDSA access JWT naming the session, rotating it", async () => {
    const jar = await createVerifiedUser("script@example.com");
    const [session] = await sessionOf("script@example.com");
    const { jwt, nextSessionToken } = await accessJwt(jar.cookies.get(SESSION));
    const claims = await verifyAccessJwt(jwt, publicKeys);
    expect(claims.sessionId).toBe(session?.id);
    const payload = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString());
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(300);
    expect(JSON.parse(Buffer.from(jwt.split(".")[0] ?? "", "base64url").toString()).alg).toBe(
      "EdDSA",
    );
    const sent = rawToken(jar.cookies.get(SESSION));
    expect(rawToken(nextSessionToken ?? "")).not.toBe(sent);
    expect(rawToken(nextSessionToken ?? "")).toBe(
      (await sessionOf("script@example.com"))[0]?.token,
    );
    // The token it sent is retired: replaying it after the grace is reuse.
    const retired = await getDb()
      .selectFrom("retired_session_token")
      .select("token_hash")
      .execute();
    expect(retired.map((r) => r.token_hash)).toContain(hashToken(sent));
  });

  it("get an access JWT for the successor when a racing call presents the replaced token", async () => {
    const jar = await createVerifiedUser("racer@example.com");
    const first = jar.cookies.get(SESSION);
    await accessJwt(first);
    const again = await accessJwt(first);
    const claims = await verifyAccessJwt(again.jwt, publicKeys);
    expect(claims.sessionId).toBe((await sessionOf("racer@example.com"))[0]?.id);
    expect(rawToken(again.nextSessionToken ?? "")).toBe(
      (await sessionOf("racer@example.com"))[0]?.token,
    );

    // Signing out with the replaced token, still within the grace, signs the device out.
    const signOut = await callAuth("/sign-out", {
      method: "POST",
      json: {},
      headers: { authorization: `Bearer ${first}` },
    });
    expect(signOut.status).toBe(200);
    expect(await sessionOf("racer@example.com")).toEqual([]);
  });

  it("revoke the session when a replaced token is used at /token after its grace", async () => {
    const jar = await createVerifiedUser("copied@example.com");
    const stolen = jar.cookies.get(SESSION);
    const { nextSessionToken } = await accessJwt(stolen);
    // The device got and used its successor: the old token can no longer be a lost response.
    await accessJwt(nextSessionToken ?? "");
    await getDb()
      .updateTable("retired_session_token")
      .set({ retired_at: new Date(Date.now() - 31_000) })
      .execute();
    const res = await callAuth("/token", { headers: { authorization: `Bearer ${stolen}` } });
    expect(res.status).toBe(401);
    expect(await sessionOf("copied@example.com")).toEqual([]);
    expect((await latestEmailTo("copied@example.com"))?.subject).toMatch(
      /signed out of Todos for your safety/,
    );
  });

  it("call the API with the access JWT, and get 401 invalid_token for anything else", async () => {
    const jar = await createVerifiedUser("api@example.com");
    const { jwt, nextSessionToken } = await accessJwt(jar.cookies.get(SESSION));
    const call = async (authorization: string) =>
      listTodos(await request("/api/todos", { headers: { authorization } }), {
        params: Promise.resolve({}),
      });

    expect((await call(`Bearer ${jwt}`)).status).toBe(200);

    const forged = await new SignJWT({ sid: "x" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("someone")
      .setIssuer("http://localhost:3000")
      .setAudience("http://localhost:3000")
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode("x".repeat(32)));
    const [header, body] = jwt.split(".");
    const tamperedBody = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(body ?? "", "base64url").toString()),
        sub: "victim",
      }),
    ).toString("base64url");
    for (const bad of [
      `${header}.${tamperedBody}.${jwt.split(".")[2]}`,
      forged,
      `${nextSessionToken}`,
    ]) {
      const res = await call(`Bearer ${bad}`);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
    }
  });

  it("refuse our own signature with the wrong issuer or audience, or once expired", async () => {
    const jar = await createVerifiedUser("claims@example.com");
    const [session] = await sessionOf("claims@example.com");
    const sign = async (jwt: Record<string, string>) => {
      const { token } = await auth().api.signJWT({
        body: {
          payload: { sub: "someone", sid: session?.id ?? "" },
          overrideOptions: { jwt: { expirationTime: "5m", ...jwt } },
        },
      });
      return token;
    };
    const call = async (token: string) =>
      listTodos(await request("/api/todos", { headers: { authorization: `Bearer ${token}` } }), {
        params: Promise.resolve({}),
      });
    for (const token of [
      await sign({ issuer: "https://evil.example" }),
      await sign({ audience: "https://evil.example" }),
    ]) {
      const res = await call(token);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/invalid_token/);
    }

    const { jwt } = await accessJwt(jar.cookies.get(SESSION));
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 6 * 60 * 1000);
      const expired = await call(jwt);
      expect(expired.status).toBe(401);
      expect(expired.headers.get("www-authenticate")).toContain("expired");
    } finally {
      vi.useRealTimers();
    }
  });

  it("lose access on the very next call once the session is revoked", async () => {
    const jar = await createVerifiedUser("revoked-device@example.com");
    const { jwt } = await accessJwt(jar.cookies.get(SESSION));
    await getDb().deleteFrom("session").execute();
    const res = await listTodos(
      await request("/api/todos", { headers: { authorization: `Bearer ${jwt}` } }),
      {
        params: Promise.resolve({}),
      },
    );
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/invalid_token/);
  });
});

describe("remember me", () => {
  async function signIn(rememberMe: boolean) {
    const jar = new CookieJar();
    const res = await callAuth("/sign-in/email", {
      method: "POST",
      jar,
      json: { email: "remember@example.com", password: "correct horse battery", rememberMe },
    });
    const cookie = res.headers.getSetCookie().find((line) => line.startsWith(`${SESSION}=`)) ?? "";
    const token = rawToken(jar.cookies.get(SESSION));
    const row = await getDb()
      .selectFrom("session")
      .select("expiresAt")
      .where("token", "=", token)
      .executeTakeFirstOrThrow();
    return { cookie, days: (new Date(row.expiresAt).getTime() - Date.now()) / 86_400_000 };
  }

  it("unchecked: a browser-session cookie and a server session that ends within a day", async () => {
    await createVerifiedUser("remember@example.com");
    const { cookie, days } = await signIn(false);
    expect(cookie).not.toMatch(/max-age/i);
    expect(cookie).toMatch(/httponly/i);
    expect(cookie).toMatch(/samesite=lax/i);
    expect(days).toBeLessThanOrEqual(1);
  });

  it("checked: a 30-day cookie and session", async () => {
    const { cookie, days } = await signIn(true);
    expect(cookie).toMatch(/max-age=2592000/i);
    expect(days).toBeGreaterThan(29);
  });
});

describe("new-device email", () => {
  const signInFrom = (userAgent: string) =>
    callAuth("/sign-in/email", {
      method: "POST",
      headers: { "user-agent": userAgent },
      json: { email: "traveller@example.com", password: "correct horse battery" },
    });
  const firefoxOnLinux = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
  const safariOnIphone =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

  it("is sent for a browser and OS not seen before, and only then", async () => {
    await createVerifiedUser("traveller@example.com");
    const count = async () =>
      (
        await getDb()
          .selectFrom("outbox")
          .select("id")
          .where("subject", "=", "New sign-in to your account")
          .execute()
      ).length;
    await signInFrom(firefoxOnLinux);
    await latestEmailTo("traveller@example.com");
    expect(await count()).toBe(1);
    const email = await latestEmailTo("traveller@example.com");
    expect(email?.text).toContain("Firefox on Linux");
    expect(email?.text).toContain("/settings/sessions");

    await signInFrom(firefoxOnLinux);
    await latestEmailTo("traveller@example.com");
    expect(await count()).toBe(1);
    await signInFrom(safariOnIphone);
    expect((await latestEmailTo("traveller@example.com"))?.text).toContain("Mobile Safari on iOS");
    expect(await count()).toBe(2);
  });
});
