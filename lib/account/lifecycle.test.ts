import { afterEach, describe, expect, it, vi } from "vitest";
import { auth } from "@/lib/auth";
import { withTestDatabase } from "@/test/database";
import { openAndApprove } from "@/test/email-change";
import {
  CookieJar,
  callAuth,
  createVerifiedUser,
  firstLink,
  latestEmailTo,
  request,
} from "@/test/http";

const getDb = withTestDatabase();
const PASSWORD = "correct horse battery";

afterEach(() => {
  vi.useRealTimers();
});

async function signIn(email: string, password = PASSWORD) {
  const jar = new CookieJar();
  const res = await callAuth("/sign-in/email", { method: "POST", jar, json: { email, password } });
  return { res, jar };
}

async function requestReset(email: string) {
  return callAuth("/request-password-reset", {
    method: "POST",
    json: { email, redirectTo: "/reset-password" },
  });
}

/** Follows the emailed link through Better Auth's token check and returns the token it hands the page. */
async function resetTokenFromInbox(email: string) {
  const link = new URL(firstLink((await latestEmailTo(email))?.text ?? ""));
  const res = await auth().handler(await request(link.pathname + link.search));
  const location = new URL(res.headers.get("location") ?? "", "http://localhost:3000");
  expect(location.pathname).toBe("/reset-password");
  return location.searchParams.get("token") ?? "";
}

const resetPassword = (token: string, newPassword: string) =>
  callAuth("/reset-password", { method: "POST", json: { token, newPassword } });

const sessionRows = (userEmail: string) =>
  getDb()
    .selectFrom("session")
    .innerJoin("user", "user.id", "session.userId")
    .select("session.id")
    .where("user.email", "=", userEmail)
    .execute();

describe("forgot and reset password", () => {
  it("answers the same for a known and an unknown address, and mails only the known one", async () => {
    await createVerifiedUser("known@example.com");
    const known = await requestReset("known@example.com");
    const unknown = await requestReset("nobody@example.com");
    expect(unknown.status).toBe(known.status);
    expect(await unknown.text()).toBe(await known.text());
    expect((await latestEmailTo("known@example.com"))?.subject).toBe("Reset your Todos password");
    expect(await latestEmailTo("nobody@example.com")).toBeUndefined();
  });

  it("resets with a one-time link, signs every device out and mails a notice", async () => {
    const email = "reset@example.com";
    await createVerifiedUser(email);
    await signIn(email);
    expect((await sessionRows(email)).length).toBe(2);

    await requestReset(email);
    const reset = await latestEmailTo(email);
    expect(reset?.text).toContain("valid for 1 hour");
    const token = await resetTokenFromInbox(email);
    expect((await resetPassword(token, "a brand new passphrase")).status).toBe(200);

    expect(await sessionRows(email)).toEqual([]);
    expect((await latestEmailTo(email))?.subject).toBe("Your Todos password was reset");
    expect((await signIn(email)).res.status).toBe(401);
    expect((await signIn(email, "a brand new passphrase")).res.status).toBe(200);

    const again = await resetPassword(token, "yet another passphrase");
    expect(again.status).toBe(400);
    expect((await again.json()).code).toBe("INVALID_TOKEN");
  });

  it("refuses a link after its hour, and a tampered one", async () => {
    const email = "late@example.com";
    await createVerifiedUser(email);
    await requestReset(email);
    const token = await resetTokenFromInbox(email);

    const tampered = await auth().handler(
      await request(`/api/auth/reset-password/${token}x?callbackURL=%2Freset-password`),
    );
    expect(tampered.headers.get("location")).toBe(
      "http://localhost:3000/reset-password?error=INVALID_TOKEN",
    );

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 61 * 60 * 1000);
    const expired = await resetPassword(token, "a brand new passphrase");
    expect(expired.status).toBe(400);
    expect((await expired.json()).code).toBe("INVALID_TOKEN");
    vi.useRealTimers();
    expect((await signIn(email)).res.status).toBe(200);
  });
});

describe("password policy", () => {
  const signUp = (email: string, password: string) =>
    callAuth("/sign-up/email", { method: "POST", json: { name: "P", email, password } });

  it("refuses one of the 10,000 most common passwords, saying why", async () => {
    const res = await signUp("common@example.com", "baseball");
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe("PASSWORD_REJECTED");
    expect(body.message).toMatch(/most common passwords/);
  });

  it("refuses the email address as the password", async () => {
    const res = await signUp("same.as.password@example.com", "Same.As.Password@example.com");
    expect((await res.json()).message).toBe("Your password cannot be your email address");
  });

  it("accepts spaces and Unicode, normalized so another keyboard's form of it still works", async () => {
    const email = "unicode@example.com";
    const jar = await createVerifiedUser(email, "ｃａｆé au lait à l'heure");
    expect(jar.cookies.size).toBeGreaterThan(0);
    expect((await signIn(email, "café au lait à l'heure")).res.status).toBe(200);
  });
});

describe("settings through Better Auth", () => {
  it("changes the password only with the current one, signs other devices out and mails a notice", async () => {
    const email = "changer@example.com";
    const jar = await createVerifiedUser(email);
    await signIn(email);
    const wrong = await callAuth("/change-password", {
      method: "POST",
      jar,
      json: {
        currentPassword: "not it at all",
        newPassword: "a fresh passphrase",
        revokeOtherSessions: true,
      },
    });
    expect(wrong.status).toBe(400);
    expect((await sessionRows(email)).length).toBe(2);

    const ok = await callAuth("/change-password", {
      method: "POST",
      jar,
      json: {
        currentPassword: PASSWORD,
        newPassword: "a fresh passphrase",
        revokeOtherSessions: true,
      },
    });
    expect(ok.status).toBe(200);
    expect((await sessionRows(email)).length).toBe(1);
    expect((await latestEmailTo(email))?.subject).toBe("Your Todos password was changed");
  });

  it("changes the email only once the current address approves and the new one confirms, then tells the old one", async () => {
    const jar = await createVerifiedUser("old@example.com");
    const res = await callAuth("/change-email", {
      method: "POST",
      jar,
      json: { newEmail: "new@example.com", callbackURL: "/settings?email=approved" },
    });
    expect(res.status).toBe(200);
    const approval = await latestEmailTo("old@example.com");
    expect(approval?.subject).toBe("Approve the change of your Todos email");
    expect(await latestEmailTo("new@example.com")).toBeUndefined();
    const user = () =>
      getDb().selectFrom("user").select("email").where("name", "=", "Test User").execute();

    const approved = await openAndApprove(firstLink(approval?.text ?? ""));
    expect(approved.headers.get("location")).toBe("/settings?email=approved");
    expect((await user()).map((u) => u.email)).toContain("old@example.com");
    const confirm = await latestEmailTo("new@example.com");
    expect(confirm?.subject).toBe("Confirm your new email for Todos");

    const link = new URL(firstLink(confirm?.text ?? ""));
    const followed = await auth().handler(await request(link.pathname + link.search, { jar }));
    expect(followed.status).toBe(302);
    expect((await user()).map((u) => u.email)).toContain("new@example.com");
    expect((await latestEmailTo("old@example.com"))?.subject).toBe("Your Todos email was changed");
    expect((await signIn("new@example.com")).res.status).toBe(200);
  });

  it("deletes the account with its password: user, sessions, accounts and todos are gone", async () => {
    const email = "leaver@example.com";
    const jar = await createVerifiedUser(email);
    const { id } = await getDb()
      .selectFrom("user")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    await getDb().insertInto("todo").values({ user_id: id, title: "left behind" }).execute();

    const wrong = await callAuth("/delete-user", {
      method: "POST",
      jar,
      json: { password: "not it at all" },
    });
    expect(wrong.status).toBe(400);
    expect(
      await getDb().selectFrom("todo").select("id").where("user_id", "=", id).execute(),
    ).toHaveLength(1);

    const ok = await callAuth("/delete-user", {
      method: "POST",
      jar,
      json: { password: PASSWORD },
    });
    expect(ok.status).toBe(200);
    for (const table of ["session", "account"] as const) {
      expect(
        await getDb().selectFrom(table).select("id").where("userId", "=", id).execute(),
      ).toEqual([]);
    }
    expect(await getDb().selectFrom("user").select("id").where("id", "=", id).execute()).toEqual(
      [],
    );
    expect(
      await getDb().selectFrom("todo").select("id").where("user_id", "=", id).execute(),
    ).toEqual([]);
    expect(jar.cookies.has("better-auth.session_token")).toBe(false);
    expect(jar.cookies.has("better-auth.session_data")).toBe(false);
  });
});
