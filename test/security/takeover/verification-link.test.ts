import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, firstLink, latestEmailTo } from "@/test/http";

const getDb = withTestDatabase();

const SESSION = "better-auth.session_token";
const SIGNED_UP = "todo.signed_up";

/** Signs `email` up from `jar`'s browser and returns the path of its verification link. */
async function signUpFrom(jar: CookieJar, email: string): Promise<string> {
  const res = await callAuth("/sign-up/email", {
    method: "POST",
    jar,
    json: { name: "N", email, password: "the signer's own passphrase", callbackURL: "/todos" },
  });
  expect(res.status).toBe(200);
  const link = new URL(firstLink((await latestEmailTo(email))?.text ?? ""));
  return link.pathname.replace("/api/auth", "") + link.search;
}

async function isVerified(email: string): Promise<boolean> {
  const res = await callAuth("/sign-in/email", {
    method: "POST",
    json: { email, password: "the signer's own passphrase" },
  });
  return res.status === 200;
}

describe("account pre-hijacking: a verification link signs in only the browser that signed up", () => {
  it("opened in a browser with no sign-up cookie, it verifies the address, sets no session and lands on /sign-in", async () => {
    const email = "victim-1@example.com";
    const link = await signUpFrom(new CookieJar(), email);
    const victim = new CookieJar();
    const opened = await callAuth(link, { jar: victim });
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe("/sign-in?verified=1");
    expect(opened.headers.getSetCookie()).toEqual([]);
    expect(victim.cookies.has(SESSION)).toBe(false);
    expect(await isVerified(email)).toBe(true);
  });

  it("opened in a browser that signed up another account, it signs neither account in", async () => {
    const attackerLink = await signUpFrom(new CookieJar(), "victim-2@example.com");
    const victim = new CookieJar();
    await signUpFrom(victim, "victims-own-2@example.com");
    expect(victim.cookies.has(SIGNED_UP)).toBe(true);
    const opened = await callAuth(attackerLink, { jar: victim });
    expect(opened.headers.get("location")).toBe("/sign-in?verified=1");
    expect(victim.cookies.has(SESSION)).toBe(false);
    expect((await (await callAuth("/get-session", { jar: victim })).json())?.user).toBeUndefined();
  });

  it("a victim's own second sign-up of the address does not make the first sign-up's link sign them in", async () => {
    const email = "victim-3@example.com";
    const attackerLink = await signUpFrom(new CookieJar(), email);
    const victim = new CookieJar();
    await signUpFrom(victim, email);
    expect((await latestEmailTo(email))?.subject).toMatch(/already have/i);
    const opened = await callAuth(attackerLink, { jar: victim });
    expect(opened.headers.get("location")).toBe("/sign-in?verified=1");
    expect(victim.cookies.has(SESSION)).toBe(false);
  });

  it("the browser that signed up is signed in by its link, once; opened again elsewhere it signs no one in", async () => {
    const email = "owner-4@example.com";
    const owner = new CookieJar();
    const link = await signUpFrom(owner, email);
    const opened = await callAuth(link, { jar: owner });
    expect(opened.headers.get("location")).toBe("/todos");
    const session = await (await callAuth("/get-session", { jar: owner })).json();
    expect(session.user.email).toBe(email);
    expect(owner.cookies.has(SIGNED_UP)).toBe(false);

    const reopened = await callAuth(link, { jar: new CookieJar() });
    expect(reopened.headers.get("location")).toBe("/sign-in?verified=1");
    expect(reopened.headers.getSetCookie()).toEqual([]);
    // Opened again where it signed in, it carries on to the app without a second session.
    const again = await callAuth(link, { jar: owner });
    expect(again.headers.get("location")).toBe("/todos");
    expect(again.headers.getSetCookie()).toEqual([]);
  });

  it("the signing-up browser is not signed in by its link once the account has an authenticator app", async () => {
    const email = "owner-6@example.com";
    const owner = new CookieJar();
    const link = await signUpFrom(owner, email);
    // Verified from the phone first; the owner then turned on an authenticator app.
    await callAuth(link, { jar: new CookieJar() });
    await getDb()
      .updateTable("user")
      .set({ twoFactorEnabled: true })
      .where("email", "=", email)
      .execute();
    const opened = await callAuth(link, { jar: owner });
    expect(opened.headers.get("location")).toBe("/sign-in?verified=1");
    expect(owner.cookies.has(SESSION)).toBe(false);
  });

  it("the second sign-up's email tells the owner to choose a new password before using a verification link", async () => {
    const email = "victim-5@example.com";
    await signUpFrom(new CookieJar(), email);
    await signUpFrom(new CookieJar(), email);
    const mail = await latestEmailTo(email);
    expect(mail?.text).toContain("do not open that verification link");
    expect(mail?.text).toContain("sign in at http://localhost:3000/sign-in");
    expect(mail?.text).toContain("Choose a new password: http://localhost:3000/forgot-password");
  });
});
