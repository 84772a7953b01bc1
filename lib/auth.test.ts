import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser, firstLink, latestEmailTo } from "@/test/http";
import { auth } from "./auth";

withTestDatabase();

describe("email and password sign-up with verification", () => {
  it("sends a verification email whose link signs the user in", async () => {
    const res = await callAuth("/sign-up/email", {
      method: "POST",
      json: {
        name: "Ada",
        email: "Ada@Example.com",
        password: "correct horse battery",
        callbackURL: "/todos",
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);

    const email = await latestEmailTo("ada@example.com");
    expect(email?.subject).toMatch(/verify/i);
    const link = new URL(firstLink(email?.text ?? ""));
    expect(link.origin).toBe("http://localhost:3000");
    expect(email?.html).toContain("Verify email");

    const jar = new CookieJar();
    const verify = await auth().handler(new Request(link));
    jar.store(verify);
    expect(verify.status).toBe(302);
    expect(verify.headers.get("location")).toBe("/todos");
    expect(jar.cookies.has("better-auth.session_token")).toBe(true);
    expect(jar.cookies.has("better-auth.session_data")).toBe(true);

    const session = await callAuth("/get-session", { jar });
    expect((await session.json()).user.email).toBe("ada@example.com");
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
