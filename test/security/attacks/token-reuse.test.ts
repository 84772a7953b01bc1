import { afterEach, describe, expect, it, vi } from "vitest";
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

afterEach(() => {
  vi.useRealTimers();
});

const follow = async (link: string, jar?: CookieJar) => {
  const url = new URL(link);
  return auth().handler(await request(url.pathname + url.search, { jar }));
};

const sessionCount = async () =>
  (await getDb().selectFrom("session").select("id").execute()).length;
const emails = async () =>
  (await getDb().selectFrom("user").select("email").orderBy("email").execute()).map((u) => u.email);

describe("verification link", () => {
  it("signs in only once: following it again creates no session and sets no cookie", async () => {
    const email = "verify.once@example.com";
    const browser = new CookieJar();
    await callAuth("/sign-up/email", {
      method: "POST",
      jar: browser,
      json: { name: "V", email, password: PASSWORD, callbackURL: "/todos" },
    });
    const link = firstLink((await latestEmailTo(email))?.text ?? "");
    const first = await follow(link, browser);
    expect(first.headers.getSetCookie().length).toBeGreaterThan(0);
    const sessions = await sessionCount();
    for (let i = 0; i < 2; i++) {
      const again = await follow(link);
      expect(again.headers.getSetCookie()).toEqual([]);
    }
    expect(await sessionCount()).toBe(sessions);
  });
});

describe("change-email link", () => {
  async function requestChange(from: string, to: string) {
    const jar = await createVerifiedUser(from);
    const res = await callAuth("/change-email", {
      method: "POST",
      jar,
      json: { newEmail: to, callbackURL: "/settings?email=approved" },
    });
    expect(res.status).toBe(200);
    return { jar, link: await approveEmailChange(from, to) };
  }

  it("works once: a second use is refused and changes nothing", async () => {
    const { jar, link } = await requestChange(
      "change.once@example.com",
      "changed.once@example.com",
    );
    expect((await follow(link, jar)).headers.get("location")).toBe("/settings?email=confirmed");
    expect(await emails()).toContain("changed.once@example.com");
    // The owner moves on to a third address; the old link must not pull the account back.
    await getDb()
      .updateTable("user")
      .set({ email: "third@example.com" })
      .where("email", "=", "changed.once@example.com")
      .execute();
    const again = await follow(link, jar);
    expect(again.headers.get("location")).toMatch(/error=INVALID_TOKEN/);
    expect(await emails()).toContain("third@example.com");
    expect(await emails()).not.toContain("changed.once@example.com");
  });

  it("is refused after its 24 hours, leaving the address as it was", async () => {
    const { jar, link } = await requestChange(
      "change.late@example.com",
      "changed.late@example.com",
    );
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 25 * 60 * 60 * 1000);
    const late = await follow(link, jar);
    expect(late.headers.get("location")).toMatch(/error=TOKEN_EXPIRED/);
    vi.useRealTimers();
    expect(await emails()).toContain("change.late@example.com");
    expect(await emails()).not.toContain("changed.late@example.com");
  });
});

describe("reset link", () => {
  it("is refused after a later reset link was used, and once the password changed", async () => {
    const email = "reset.twice@example.com";
    await createVerifiedUser(email);
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) {
      await callAuth("/request-password-reset", {
        method: "POST",
        json: { email, redirectTo: "/reset-password" },
      });
      const res = await follow(firstLink((await latestEmailTo(email))?.text ?? ""));
      tokens.push(
        new URL(res.headers.get("location") ?? "", "http://x").searchParams.get("token") ?? "",
      );
    }
    const reset = (token: string | undefined, newPassword: string) =>
      callAuth("/reset-password", { method: "POST", json: { token, newPassword } });
    expect((await reset(tokens[1], "the second new passphrase")).status).toBe(200);
    const older = await reset(tokens[0], "the first new passphrase");
    expect(older.status).toBe(400);
    const signIn = await callAuth("/sign-in/email", {
      method: "POST",
      json: { email, password: "the second new passphrase" },
    });
    expect(signIn.status).toBe(200);
  });

  it("is refused once the password was changed in settings after it was mailed", async () => {
    const email = "reset.then.change@example.com";
    const jar = await createVerifiedUser(email);
    await callAuth("/request-password-reset", {
      method: "POST",
      json: { email, redirectTo: "/reset-password" },
    });
    const res = await follow(firstLink((await latestEmailTo(email))?.text ?? ""));
    const token = new URL(res.headers.get("location") ?? "", "http://x").searchParams.get("token");
    const changed = await callAuth("/change-password", {
      method: "POST",
      jar,
      json: {
        currentPassword: PASSWORD,
        newPassword: "changed in settings",
        revokeOtherSessions: true,
      },
    });
    expect(changed.status).toBe(200);
    const late = await callAuth("/reset-password", {
      method: "POST",
      json: { token, newPassword: "the attacker's choice" },
    });
    expect(late.status).toBe(400);
    const signIn = await callAuth("/sign-in/email", {
      method: "POST",
      json: { email, password: "changed in settings" },
    });
    expect(signIn.status).toBe(200);
  });
});
