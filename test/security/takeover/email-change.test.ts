import { signJWT } from "better-auth/crypto";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  approvalRequest,
  approveEmailChange as clickApprove,
  LINK_REFUSED,
} from "@/lib/account/email-change-approval";
import { reportNotMe } from "@/lib/activity/not-me";
import { auth } from "@/lib/auth";
import { hashToken } from "@/lib/sessions/token-hash";
import { withTestDatabase } from "@/test/database";
import {
  APPROVAL_SUBJECT,
  approveEmailChange,
  askEmailChange,
  CONFIRM_SUBJECT,
  linkMailedTo,
  openAndApprove,
  openLink,
} from "@/test/email-change";
import { CookieJar, callAuth, createVerifiedUser, firstLink, latestEmailTo } from "@/test/http";

const getDb = withTestDatabase();
const PASSWORD = "correct horse battery";
const SESSION = "better-auth.session_token";
const RESET_SUBJECT = "Reset your Todos password";

async function actorOf(jar: CookieJar) {
  const token = decodeURIComponent(jar.cookies.get(SESSION) ?? "").split(".")[0] ?? "";
  const row = await getDb()
    .selectFrom("session")
    .select(["id", "userId"])
    .where("token", "=", token)
    .executeTakeFirstOrThrow();
  return { userId: row.userId, sessionId: row.id };
}

const emails = async () =>
  (await getDb().selectFrom("user").select("email").execute()).map((row) => row.email);

const requestReset = (email: string) =>
  callAuth("/request-password-reset", {
    method: "POST",
    json: { email, redirectTo: "/reset-password" },
  });

async function resetPassword(email: string) {
  await requestReset(email);
  const link = new URL(await linkMailedTo(email, RESET_SUBJECT));
  const reset = await callAuth("/reset-password", {
    method: "POST",
    json: { token: link.pathname.split("/").pop(), newPassword: "a completely new passphrase" },
  });
  expect(reset.status).toBe(200);
}

/** The stolen session replayed after the device renewed it: the reuse alarm revokes it. */
async function raiseReuseAlarm(jar: CookieJar) {
  const stolen = jar.cookies.get(SESSION) ?? "";
  const device = new CookieJar();
  device.cookies.set(SESSION, stolen);
  await callAuth("/get-session", { jar: device });
  const successor = new CookieJar();
  successor.cookies.set(SESSION, device.cookies.get(SESSION) ?? "");
  await callAuth("/get-session", { jar: successor });
  await getDb()
    .updateTable("retired_session_token")
    .set({ retired_at: new Date(Date.now() - 31_000) })
    .where("token_hash", "=", hashToken(decodeURIComponent(stolen).split(".")[0] ?? ""))
    .execute();
  const thief = new CookieJar();
  thief.cookies.set(SESSION, stolen);
  expect(await (await callAuth("/get-session", { jar: thief })).json()).toBeNull();
}

/** The owner's ways of taking the account back, each of which must cancel a pending change. */
const cancellations: [string, (owner: string, jar: CookieJar) => Promise<void>][] = [
  ["the reuse alarm (a replaced token replayed)", async (_owner, jar) => raiseReuseAlarm(jar)],
  [
    "signing out every device (/revoke-sessions)",
    async (_owner, jar) => {
      const res = await callAuth("/revoke-sessions", { method: "POST", jar, json: {} });
      expect(res.status).toBe(200);
    },
  ],
  [
    "signing out every other device (/revoke-other-sessions)",
    async (_owner, jar) => {
      const res = await callAuth("/revoke-other-sessions", { method: "POST", jar, json: {} });
      expect(res.status).toBe(200);
    },
  ],
  [
    "“This wasn't me”",
    async (_owner, jar) => {
      expect(await reportNotMe(await actorOf(jar), undefined, new Headers())).toEqual({
        emailed: true,
      });
    },
  ],
  ["a password reset", async (owner) => resetPassword(owner)],
  [
    "a password change",
    async (_owner, jar) => {
      const res = await callAuth("/change-password", {
        method: "POST",
        jar,
        json: { currentPassword: PASSWORD, newPassword: "a completely new passphrase" },
      });
      expect(res.status).toBe(200);
    },
  ],
];

describe("an attacker who passed a step-up once cannot move the account to their address", () => {
  it("asking mails only the current address (who asked, from where, that ignoring it keeps the email); the new address gets nothing", async () => {
    const owner = "ec-owner-1@example.com";
    const jar = await createVerifiedUser(owner);
    const asked = await askEmailChange(jar, "ec-thief-1@example.com", {
      "x-real-ip": "203.0.113.7",
      "user-agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    });
    expect(asked.status).toBe(200);
    expect(await latestEmailTo("ec-thief-1@example.com")).toBeUndefined();
    const approval = await latestEmailTo(owner);
    expect(approval?.subject).toBe(APPROVAL_SUBJECT);
    expect(approval?.text).toContain("ec-thief-1@example.com");
    expect(approval?.text).toContain("203.0.113.7");
    expect(approval?.text).toContain("Firefox on Linux");
    expect(approval?.text).toMatch(/ignore this email and your account keeps this address/);
    expect(approval?.text).toMatch(/reset your password at \S+\/forgot-password/);
    expect(await emails()).toContain(owner);
  });

  it("an approval link opened by a plain GET (a mail provider's link scanner) approves nothing: it stops at a page whose button approves", async () => {
    const owner = "ec-owner-scan@example.com";
    const jar = await createVerifiedUser(owner);
    await askEmailChange(jar, "ec-new-scan@example.com");
    const approval = await linkMailedTo(owner, APPROVAL_SUBJECT);
    for (let scan = 0; scan < 2; scan++) {
      const scanned = await openLink(approval);
      const page = new URL(scanned.headers.get("location") ?? "", "http://localhost");
      expect(page.pathname).toBe("/approve-email-change");
      expect(await approvalRequest(page.searchParams.get("token") ?? "")).toEqual({
        from: owner,
        to: "ec-new-scan@example.com",
      });
    }
    expect(await latestEmailTo("ec-new-scan@example.com")).toBeUndefined();
    const clicked = await openAndApprove(approval);
    expect(clicked.headers.get("location")).toBe("/settings?email=approved");
    expect((await latestEmailTo("ec-new-scan@example.com"))?.subject).toBe(CONFIRM_SUBJECT);
    expect(await emails()).toContain(owner);
  });

  it("the approval page describes only a genuine, live approval link: a forged or foreign token shows nothing to approve", async () => {
    const owner = "ec-owner-forge@example.com";
    const jar = await createVerifiedUser(owner);
    await askEmailChange(jar, "ec-new-forge@example.com");
    const token = new URL(await linkMailedTo(owner, APPROVAL_SUBJECT)).searchParams.get("token");
    const { userId } = await actorOf(jar);
    const claims = { email: owner, updateTo: "ec-thief-forge@example.com", userId };
    const forged = await signJWT(
      { ...claims, requestType: "change-email-confirmation" },
      "x".repeat(32),
      3600,
    );
    const expired = await signJWT(
      { ...claims, requestType: "change-email-confirmation" },
      (await auth().$context).secret,
      -10,
    );
    const verification = await signJWT(
      { ...claims, requestType: "change-email-verification" },
      (await auth().$context).secret,
      3600,
    );
    expect(await approvalRequest(token ?? "")).toBeDefined();
    for (const refused of [forged, expired, verification, "", "not.a.token"]) {
      expect(await approvalRequest(refused)).toBeUndefined();
      expect(await clickApprove(refused, "https://evil.example/")).toBe(LINK_REFUSED);
    }
    expect(await latestEmailTo("ec-thief-forge@example.com")).toBeUndefined();
    expect(await emails()).toContain(owner);
  });

  it("the approval link moves nothing; the new address's link, mailed only then, moves the account and the old address is told", async () => {
    const owner = "ec-owner-2@example.com";
    const jar = await createVerifiedUser(owner);
    await askEmailChange(jar, "ec-new-2@example.com");
    await openAndApprove(await linkMailedTo(owner, APPROVAL_SUBJECT));
    expect(await emails()).toContain(owner);
    const confirm = await linkMailedTo("ec-new-2@example.com", CONFIRM_SUBJECT);
    const moved = await openLink(confirm);
    expect(moved.headers.get("location")).toBe("/settings?email=confirmed");
    expect(await emails()).toContain("ec-new-2@example.com");
    expect(await emails()).not.toContain(owner);
    const notice = await latestEmailTo(owner);
    expect(notice?.subject).toBe("Your Todos email was changed");
    expect(notice?.text).toContain("ec-new-2@example.com");
  });

  it("each link works once: a reopened approval mails nothing more, a reopened confirmation moves nothing", async () => {
    const owner = "ec-owner-3@example.com";
    const jar = await createVerifiedUser(owner);
    await askEmailChange(jar, "ec-new-3@example.com");
    const approval = await linkMailedTo(owner, APPROVAL_SUBJECT);
    await openAndApprove(approval);
    const confirm = await linkMailedTo("ec-new-3@example.com", CONFIRM_SUBJECT);
    const again = await openAndApprove(approval);
    expect(again.headers.get("location")).toBe("/verify-email?error=INVALID_TOKEN");
    expect(firstLink((await latestEmailTo("ec-new-3@example.com"))?.text ?? "")).toBe(confirm);
    await openLink(confirm);
    await getDb()
      .updateTable("user")
      .set({ email: owner })
      .where("email", "=", "ec-new-3@example.com")
      .execute();
    expect((await openLink(confirm)).headers.get("location")).toBe(
      "/verify-email?error=INVALID_TOKEN",
    );
    expect(await emails()).toContain(owner);
  });

  it("a newer request replaces the older one: the older approval link stops working", async () => {
    const owner = "ec-owner-4@example.com";
    const jar = await createVerifiedUser(owner);
    await askEmailChange(jar, "ec-thief-4@example.com");
    const older = await linkMailedTo(owner, APPROVAL_SUBJECT);
    await askEmailChange(jar, "ec-new-4@example.com");
    expect((await openAndApprove(older)).headers.get("location")).toBe(
      "/verify-email?error=INVALID_TOKEN",
    );
    expect(await latestEmailTo("ec-thief-4@example.com")).toBeUndefined();
  });

  it("a one-step link (Better Auth's legacy flow, or one mailed before this release) never moves an account", async () => {
    const owner = "ec-owner-5@example.com";
    const jar = await createVerifiedUser(owner);
    await askEmailChange(jar, "ec-new-5@example.com");
    const approval = new URL(await linkMailedTo(owner, APPROVAL_SUBJECT));
    const { userId } = await actorOf(jar);
    const legacy = await signJWT(
      { email: owner, updateTo: "ec-thief-5@example.com", userId },
      (await auth().$context).secret,
      3600,
    );
    approval.searchParams.set("token", legacy);
    expect((await openAndApprove(approval.href)).headers.get("location")).toBe(
      "/verify-email?error=INVALID_TOKEN",
    );
    expect(await emails()).toContain(owner);
    expect(await latestEmailTo("ec-thief-5@example.com")).toBeUndefined();
  });
});

describe("the owner's recovery cancels a pending change: a link mailed before it stops working", () => {
  for (const [name, cancel] of cancellations) {
    it(`an approval link mailed before ${name}`, async () => {
      const owner = `ec-cancel-a-${cancellations.findIndex(([n]) => n === name)}@example.com`;
      const thief = `thief-${owner}`;
      const jar = await createVerifiedUser(owner);
      await askEmailChange(jar, thief);
      const approval = await linkMailedTo(owner, APPROVAL_SUBJECT);
      await cancel(owner, jar);
      expect((await openAndApprove(approval)).headers.get("location")).toBe(
        "/verify-email?error=INVALID_TOKEN",
      );
      expect(await latestEmailTo(thief)).toBeUndefined();
      expect(await emails()).toContain(owner);
    });

    it(`a confirmation link mailed before ${name}`, async () => {
      const owner = `ec-cancel-v-${cancellations.findIndex(([n]) => n === name)}@example.com`;
      const thief = `thief-${owner}`;
      const jar = await createVerifiedUser(owner);
      await askEmailChange(jar, thief);
      const confirm = await approveEmailChange(owner, thief);
      await cancel(owner, jar);
      expect((await openLink(confirm)).headers.get("location")).toBe(
        "/verify-email?error=INVALID_TOKEN",
      );
      expect(await emails()).toContain(owner);
      expect(await emails()).not.toContain(thief);
    });
  }
});

describe("recovery mail after an email change also reaches the address the account left", () => {
  async function movedAccount(owner: string, thief: string) {
    const jar = await createVerifiedUser(owner);
    await askEmailChange(jar, thief);
    await openLink(await approveEmailChange(owner, thief));
    expect(await emails()).toContain(thief);
    return jar;
  }

  it("“This wasn't me” mails the reset link to the current address and tells the previous one", async () => {
    const owner = "ec-left-1@example.com";
    const thief = "ec-took-1@example.com";
    const jar = await movedAccount(owner, thief);
    await reportNotMe(await actorOf(jar), undefined, new Headers());
    expect((await latestEmailTo(thief))?.subject).toBe(RESET_SUBJECT);
    const told = await latestEmailTo(owner);
    expect(told?.subject).toBe("A Todos password reset link went to your new address");
    expect(told?.text).not.toContain("/reset-password");
  });

  it("a reset request for the new address tells the previous one; after 7 days it no longer does", async () => {
    const owner = "ec-left-2@example.com";
    const thief = "ec-took-2@example.com";
    await movedAccount(owner, thief);
    await requestReset(thief);
    expect((await latestEmailTo(owner))?.subject).toBe(
      "A Todos password reset link went to your new address",
    );
    await getDb().deleteFrom("outbox").where("to", "=", owner).execute();
    await getDb()
      .updateTable("replaced_email")
      .set({ replaced_at: sql`now() - interval '7 days 1 minute'` })
      .execute();
    await requestReset(thief);
    expect((await latestEmailTo(thief))?.subject).toBe(RESET_SUBJECT);
    expect(await latestEmailTo(owner)).toBeUndefined();
  });

  it("a reset request for the address the account left tells that address why no link came, answering like any other address", async () => {
    const owner = "ec-left-3@example.com";
    const thief = "ec-took-3@example.com";
    await movedAccount(owner, thief);
    await getDb().deleteFrom("outbox").execute();
    const left = await requestReset(owner);
    const unknown = await requestReset("ec-nobody-3@example.com");
    expect(left.status).toBe(unknown.status);
    expect(await left.text()).toBe(await unknown.text());
    const told = await latestEmailTo(owner);
    expect(told?.subject).toBe("This address no longer signs in to Todos");
    expect(told?.text).not.toContain(thief);
    expect(told?.text).not.toContain("/reset-password");
    expect(await latestEmailTo(thief)).toBeUndefined();
    expect(await latestEmailTo("ec-nobody-3@example.com")).toBeUndefined();
  });
});
