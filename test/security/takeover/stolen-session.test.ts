import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { auth } from "@/lib/auth";
import { withTestDatabase } from "@/test/database";
import { approveEmailChange } from "@/test/email-change";
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
const SESSION = "better-auth.session_token";
const ACCESS = "better-auth.session_data";

/** The session row behind a jar, and a way to age its last password proof. */
async function sessionOf(jar: CookieJar) {
  const token = decodeURIComponent(jar.cookies.get(SESSION) ?? "").split(".")[0] ?? "";
  return getDb()
    .selectFrom("session")
    .selectAll()
    .where("token", "=", token)
    .executeTakeFirstOrThrow();
}

async function agePasswordProof(jar: CookieJar, minutes: number) {
  const { id } = await sessionOf(jar);
  await getDb()
    .updateTable("session")
    .set({ verifiedAt: sql`now() - make_interval(mins => ${minutes})` })
    .where("id", "=", id)
    .execute();
}

async function emailOf(name: string) {
  const row = await getDb()
    .selectFrom("user")
    .select("email")
    .where("email", "=", name)
    .executeTakeFirst();
  return row?.email;
}

describe("what a stolen session cookie cannot do", () => {
  it("cannot move the account to another address without a recent password proof", async () => {
    const owner = "owner-1@example.com";
    const jar = await createVerifiedUser(owner);
    await agePasswordProof(jar, 16);
    const res = await callAuth("/change-email", {
      method: "POST",
      jar,
      json: { newEmail: "thief-1@example.com", callbackURL: "/settings" },
    });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe("SESSION_NOT_FRESH");
    expect(await latestEmailTo("thief-1@example.com")).toBeUndefined();
    expect(await emailOf(owner)).toBe(owner);
  });

  it("a change-email link dies when the owner resets the password before it is opened", async () => {
    const owner = "owner-2@example.com";
    const jar = await createVerifiedUser(owner);
    // Within the step-up window (right after sign-in) the request goes through...
    const asked = await callAuth("/change-email", {
      method: "POST",
      jar,
      json: { newEmail: "thief-2@example.com", callbackURL: "/settings" },
    });
    expect(asked.status).toBe(200);
    const link = new URL(await approveEmailChange(owner, "thief-2@example.com"));

    // ...then the owner, warned at the old address, resets the password.
    await callAuth("/request-password-reset", {
      method: "POST",
      json: { email: owner, redirectTo: "/reset-password" },
    });
    const resetLink = new URL(firstLink((await latestEmailTo(owner))?.text ?? ""));
    const token = resetLink.pathname.split("/").pop() ?? "";
    const reset = await callAuth("/reset-password", {
      method: "POST",
      json: { token, newPassword: "a completely new passphrase" },
    });
    expect(reset.status).toBe(200);

    const opened = await auth().handler(await request(link.pathname + link.search));
    expect(opened.status).toBe(302);
    expect(opened.headers.get("location")).toBe("/verify-email?error=INVALID_TOKEN");
    expect(await emailOf(owner)).toBe(owner);
    expect(await emailOf("thief-2@example.com")).toBeUndefined();
  });

  it("the access cookie is encrypted: it does not reveal the session token (the refresh credential)", async () => {
    const jar = await createVerifiedUser("owner-3@example.com");
    const { token } = await sessionOf(jar);
    const access = decodeURIComponent(jar.cookies.get(ACCESS) ?? "");
    expect(access.split(".")).toHaveLength(5); // compact JWE: header.key.iv.ciphertext.tag
    const readable = access
      .split(".")
      .map((part) => Buffer.from(part, "base64url").toString("latin1"))
      .join(" ");
    expect(readable).not.toContain(token);
    expect(readable).not.toContain("owner-3@example.com");
  });

  it("replaying only the session cookie cannot stretch a 'Remember me'-off session past a day", async () => {
    const email = "short-lived@example.com";
    await createVerifiedUser(email);
    const jar = new CookieJar();
    await callAuth("/sign-in/email", {
      method: "POST",
      jar,
      json: { email, password: PASSWORD, rememberMe: false },
    });
    const before = await sessionOf(jar);
    // The thief's copy: the session cookie alone, without dont_remember and without the access JWT.
    const copy = new CookieJar();
    copy.cookies.set(SESSION, jar.cookies.get(SESSION) ?? "");
    const renewed = await callAuth("/get-session", { jar: copy });
    expect(renewed.status).toBe(200);
    const after = await getDb()
      .selectFrom("session")
      .select("expiresAt")
      .where("id", "=", before.id)
      .executeTakeFirstOrThrow();
    const lifetimeDays =
      (new Date(after.expiresAt).getTime() - new Date(before.createdAt).getTime()) / 86_400_000;
    expect(lifetimeDays).toBeLessThanOrEqual(1.001);
  });

  it("cannot delete the account without the password, even right after sign-in", async () => {
    const owner = "owner-4@example.com";
    const jar = await createVerifiedUser(owner);
    for (const json of [{}, { password: "" }, { callbackURL: "/" }]) {
      const res = await callAuth("/delete-user", { method: "POST", jar, json });
      expect(res.status).toBe(400);
      expect((await res.json()).code).toBe("PASSWORD_REQUIRED");
    }
    expect(await emailOf(owner)).toBe(owner);
  });
});
