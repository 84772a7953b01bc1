import { describe, expect, it, vi } from "vitest";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser, firstLink, latestEmailTo } from "@/test/http";
import { auth } from ".";

withTestDatabase();

describe("email and password sign-up with verification", () => {
  it("sends a verification email whose link signs in the browser that signed up", async () => {
    const jar = new CookieJar();
    const res = await callAuth("/sign-up/email", {
      method: "POST",
      jar,
      json: {
        name: "Ada",
        email: "Ada@Example.com",
        password: "correct horse battery",
        callbackURL: "/todos",
      },
    });
    expect(res.status).toBe(200);
    // No session before the address is verified: only the marker naming the signing-up browser.
    expect(res.headers.getSetCookie().map((line) => line.split("=")[0])).toEqual([
      "todo.signed_up",
    ]);

    const email = await latestEmailTo("ada@example.com");
    expect(email?.subject).toMatch(/verify/i);
    const link = new URL(firstLink(email?.text ?? ""));
    expect(link.origin).toBe("http://localhost:3000");
    expect(email?.html).toContain("Verify email");

    const verify = await callAuth(link.pathname.replace("/api/auth", "") + link.search, { jar });
    expect(verify.status).toBe(302);
    expect(verify.headers.get("location")).toBe("/todos");
    expect(jar.cookies.has("better-auth.session_token")).toBe(true);
    expect(jar.cookies.has("better-auth.session_data")).toBe(true);

    const session = await callAuth("/get-session", { jar });
    expect((await session.json()).user.email).toBe("ada@example.com");
  });

  it("sends a verified user who follows the link again on without an error", async () => {
    const link = new URL(firstLink((await latestEmailTo("ada@example.com"))?.text ?? ""));
    link.searchParams.set("callbackURL", "/verify-email?from=link");
    const again = await auth().handler(new Request(link));
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe("/sign-in?verified=1");
  });

  it("refuses to sign in before the email is verified", async () => {
    await callAuth("/sign-up/email", {
      method: "POST",
      json: { name: "Bob", email: "bob@example.com", password: "correct horse battery" },
    });
    const res = await callAuth("/sign-in/email", {
      method: "POST",
      json: { email: "bob@example.com", password: "correct horse battery" },
    });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe("EMAIL_NOT_VERIFIED");
  });

  it("signs in a verified user and rejects a wrong password", async () => {
    await createVerifiedUser("carol@example.com");
    const wrong = await callAuth("/sign-in/email", {
      method: "POST",
      json: { email: "carol@example.com", password: "not the password" },
    });
    expect(wrong.status).toBe(401);
    const jar = new CookieJar();
    const ok = await callAuth("/sign-in/email", {
      method: "POST",
      jar,
      json: { email: "carol@example.com", password: "correct horse battery" },
    });
    expect(ok.status).toBe(200);
    expect(jar.cookies.has("better-auth.session_token")).toBe(true);
  });
});

describe("bad input on sign-up and verification", () => {
  const signUp = (json: Record<string, unknown>) =>
    callAuth("/sign-up/email", { method: "POST", json });

  it("answers a second sign-up like a first one and emails the owner instead", async () => {
    await createVerifiedUser("dora@example.com");
    const first = await signUp({
      name: "New",
      email: "erin@example.com",
      password: "correct horse battery",
    });
    const again = await signUp({
      name: "Dup",
      email: "DORA@example.com",
      password: "another password 1",
    });
    expect(again.status).toBe(first.status);
    const [a, b] = [await first.json(), await again.json()];
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    expect((await latestEmailTo("dora@example.com"))?.subject).toMatch(/already have/i);
    const signIn = await callAuth("/sign-in/email", {
      method: "POST",
      json: { email: "dora@example.com", password: "another password 1" },
    });
    expect(signIn.status).toBe(401);
  });

  it("rejects an invalid email and passwords under 8 or over 128 characters", async () => {
    expect(
      (await signUp({ name: "X", email: "not-an-email", password: "correct horse battery" }))
        .status,
    ).toBe(400);
    expect(
      (await signUp({ name: "X", email: "short@example.com", password: "1234567" })).status,
    ).toBe(400);
    expect(
      (await signUp({ name: "X", email: "long@example.com", password: "a".repeat(129) })).status,
    ).toBe(400);
    expect(await latestEmailTo("short@example.com")).toBeUndefined();
  });

  it("sends a tampered verification link back with INVALID_TOKEN and no session", async () => {
    await signUp({
      name: "Faye",
      email: "faye@example.com",
      password: "correct horse battery",
      callbackURL: "/verify-email?from=link",
    });
    const link = new URL(firstLink((await latestEmailTo("faye@example.com"))?.text ?? ""));
    link.searchParams.set("token", `${link.searchParams.get("token")}x`);
    const res = await auth().handler(new Request(link));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/verify-email?from=link&error=INVALID_TOKEN");
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it("sends an expired verification link back with TOKEN_EXPIRED", async () => {
    await signUp({
      name: "Gus",
      email: "gus@example.com",
      password: "correct horse battery",
      callbackURL: "/verify-email?from=link",
    });
    const link = new URL(firstLink((await latestEmailTo("gus@example.com"))?.text ?? ""));
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 25 * 60 * 60 * 1000);
      const res = await auth().handler(new Request(link));
      expect(res.headers.get("location")).toBe("/verify-email?from=link&error=TOKEN_EXPIRED");
    } finally {
      vi.useRealTimers();
    }
  });
});
