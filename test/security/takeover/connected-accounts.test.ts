import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { auth } from "@/lib/auth";
import { withTestDatabase } from "@/test/database";
import {
  CookieJar,
  callAuth,
  createVerifiedUser,
  firstLink,
  latestEmailTo,
  request,
} from "@/test/http";
import { authorize, callback, signInWithProvider, withTestProvider } from "@/test/oauth/flow";
import type { ProviderUser } from "@/test/oauth/provider";
import { settleBackgroundTasks } from "@/test/process-state";
import { softwarePasskey } from "@/test/webauthn";

const getDb = withTestDatabase();
const provider = withTestProvider("Test IdP");
const PASSWORD = "correct horse battery";
const SESSION = "better-auth.session_token";
const ORIGIN = "http://localhost:3000";

const post = (path: string, jar: CookieJar, json: unknown) =>
  callAuth(path, { method: "POST", jar, json });

const identity = (sub: string, email: string): ProviderUser => ({
  sub,
  email,
  email_verified: true,
  name: sub,
});

/** A user who signed up with the provider: no password. */
async function providerUser(sub: string, email: string) {
  provider().signInAs(identity(sub, email));
  const jar = new CookieJar();
  const response = await signInWithProvider(jar);
  expect(response.status).toBe(302);
  return jar;
}

async function staleStepUp() {
  await getDb().updateTable("session").set({ verifiedAt: sql`now() - interval '1 day'` }).execute();
}

/** Starts a link as the Connect button does; undefined when refused (the response kept). */
async function startLink(jar: CookieJar) {
  const response = await post("/link-social", jar, {
    provider: "oidc",
    callbackURL: "/settings/security?connected=oidc",
    errorCallbackURL: "/settings/security?connect_error=oidc",
    disableRedirect: true,
  });
  return response;
}

async function link(jar: CookieJar) {
  const started = await startLink(jar);
  expect(started.status).toBe(200);
  const { url } = (await started.json()) as { url: string };
  return callback(await authorize(new URL(url)), jar);
}

async function accountsOf(email: string) {
  return getDb()
    .selectFrom("account")
    .innerJoin("user", "user.id", "account.userId")
    .select(["account.id", "account.providerId", "account.accountId"])
    .where("user.email", "=", email)
    .orderBy("account.providerId")
    .execute();
}

async function userExists(email: string) {
  const row = await getDb()
    .selectFrom("user")
    .select("id")
    .where("email", "=", email)
    .executeTakeFirst();
  return row !== undefined;
}

async function events(email: string) {
  await settleBackgroundTasks();
  return getDb()
    .selectFrom("auth_event")
    .innerJoin("user", "user.id", "auth_event.user_id")
    .select(["type", "detail"])
    .where("user.email", "=", email)
    .execute();
}

describe("linking a provider to an account", () => {
  it("needs a step-up from the last 15 minutes: a day-old session starts no link, a fresh password proof does", async () => {
    const email = "link-stepup@example.com";
    const owner = await createVerifiedUser(email, PASSWORD);
    await staleStepUp();

    const refused = await startLink(owner);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "SESSION_NOT_FRESH" });
    expect(provider().authorizations).toHaveLength(0);

    expect((await post("/verify-password", owner, { password: PASSWORD })).status).toBe(200);
    provider().signInAs(identity("link-stepup-sub", email));
    const linked = await link(owner);
    expect(linked.headers.get("location")).toBe("/settings/security?connected=oidc");
    expect((await accountsOf(email)).map((a) => a.providerId)).toEqual(["credential", "oidc"]);
    // The owner hears of it, and the log says which.
    expect((await latestEmailTo(email))?.subject).toMatch(/Test IdP was connected/);
    expect(await events(email)).toContainEqual({
      type: "factor_added",
      detail: "Test IdP account",
    });
  });

  it("refuses a provider identity already tied to another user, changing neither account", async () => {
    const first = "identity-owner@example.com";
    await providerUser("shared-sub", first);
    const second = "identity-taker@example.com";
    const taker = await createVerifiedUser(second, PASSWORD);
    // The same identity at the provider, now showing the taker's address (addresses move there).
    provider().signInAs(identity("shared-sub", second));

    const answer = await link(taker);
    const location = new URL(answer.headers.get("location") ?? "", ORIGIN);
    expect(location.pathname).toBe("/settings/security");
    expect(location.searchParams.get("error")).toBe("account_already_linked_to_different_user");
    expect((await accountsOf(second)).map((a) => a.providerId)).toEqual(["credential"]);
    expect((await accountsOf(first)).map((a) => a.accountId)).toEqual(["shared-sub"]);
    expect((await latestEmailTo(second))?.subject ?? "").not.toMatch(/connected/);
  });
});

describe("unlinking a provider", () => {
  it("refuses the last way to sign in; once a passkey is there it goes, and the owner is told", async () => {
    const email = "unlink-last@example.com";
    const owner = await providerUser("unlink-last-sub", email);
    const [account] = await accountsOf(email);

    const refused = await post("/unlink-account", owner, { accountId: account?.id });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: "LAST_SIGN_IN_METHOD" });
    expect(await accountsOf(email)).toHaveLength(1);

    // A passkey signs in on its own: with one, the provider may go.
    const key = softwarePasskey("localhost");
    const options = await callAuth("/passkey/generate-register-options", { jar: owner });
    const response = key.register(await options.json(), ORIGIN);
    expect(
      (await post("/passkey/verify-registration", owner, { response, name: "Phone" })).status,
    ).toBe(200);

    expect((await post("/unlink-account", owner, { accountId: account?.id })).status).toBe(200);
    expect(await accountsOf(email)).toHaveLength(0);
    expect((await latestEmailTo(email))?.subject).toMatch(/Test IdP was disconnected/);
    expect(await events(email)).toContainEqual({
      type: "factor_removed",
      detail: "Test IdP account",
    });
  });

  it("refuses taking the password away through /unlink-account: a password is not a connected account", async () => {
    const email = "unlink-password@example.com";
    const owner = await createVerifiedUser(email, PASSWORD);
    const [credential] = await accountsOf(email);
    const refused = await post("/unlink-account", owner, { accountId: credential?.id });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: "PASSWORD_NOT_A_CONNECTED_ACCOUNT" });
    expect(await accountsOf(email)).toHaveLength(1);
  });

  it("needs a step-up, and never reaches another user's connected account", async () => {
    const victimEmail = "unlink-victim@example.com";
    await providerUser("unlink-victim-sub", victimEmail);
    const [victimAccount] = await accountsOf(victimEmail);
    const thief = await createVerifiedUser("unlink-thief@example.com", PASSWORD);
    expect(
      (await post("/unlink-account", thief, { accountId: victimAccount?.id })).status,
    ).toBeGreaterThanOrEqual(400);
    await staleStepUp();
    const stale = await post("/unlink-account", thief, { accountId: victimAccount?.id });
    expect(stale.status).toBe(403);
    expect(await accountsOf(victimEmail)).toHaveLength(1);
  });
});

async function sessionsOf(email: string) {
  return getDb()
    .selectFrom("session")
    .innerJoin("user", "user.id", "session.userId")
    .select([
      "session.id",
      "session.verifiedWith",
      sql<boolean>`"verifiedAt" > now() - interval '15 minutes'`.as("fresh"),
    ])
    .where("user.email", "=", email)
    .execute();
}

describe("a step-up with the provider", () => {
  it("a fresh sign-in there from the signed-in page proves it, on one session for the device", async () => {
    const email = "stepup-provider@example.com";
    const owner = await providerUser("stepup-provider-sub", email);
    await staleStepUp();
    const [before] = await sessionsOf(email);
    expect(before?.fresh).toBe(false);
    expect((await callAuth("/passkey/generate-register-options", { jar: owner })).status).toBe(403);

    const answer = await signInWithProvider(owner, { body: { callbackURL: "/settings/security" } });
    expect(answer.headers.get("location")).toBe("/settings/security");
    const after = await sessionsOf(email);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ verifiedWith: "provider", fresh: true });
    expect(after[0]?.id).not.toBe(before?.id);
    expect((await callAuth("/passkey/generate-register-options", { jar: owner })).status).toBe(200);
  });

  it("someone else's identity at the provider proves nothing for the session it started from", async () => {
    const email = "stepup-victim@example.com";
    const victim = await providerUser("stepup-victim-sub", email);
    await staleStepUp();
    provider().signInAs(identity("stepup-intruder-sub", "stepup-intruder@example.com"));
    await signInWithProvider(victim, { body: { callbackURL: "/settings/security" } });
    const sessions = await sessionsOf(email);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ fresh: false, verifiedWith: null });
  });
});

describe("an account made with a provider (no password)", () => {
  it("is deleted only through the link mailed to it: not with an empty body, a guessed password or token, or another account's link", async () => {
    const email = "delete-passwordless@example.com";
    const owner = await providerUser("delete-sub", email);
    const other = "delete-other@example.com";
    const otherJar = await providerUser("delete-other-sub", other);
    const thief = new CookieJar();
    thief.cookies.set(SESSION, owner.cookies.get(SESSION) ?? "");

    const asked = await post("/delete-user", thief, {});
    expect(asked.status).toBe(200);
    expect(await asked.json()).toMatchObject({ message: "Verification email sent" });
    expect(await userExists(email)).toBe(true);
    expect((await post("/delete-user", thief, { password: "a guess" })).status).toBe(400);
    expect((await post("/delete-user", thief, { token: "a".repeat(32) })).status).toBe(404);
    expect(await userExists(email)).toBe(true);

    // The other account's own link, presented with this account's session, deletes no one.
    expect((await post("/delete-user", otherJar, {})).status).toBe(200);
    const otherLink = new URL(firstLink((await latestEmailTo(other))?.text ?? ""));
    const otherToken = otherLink.searchParams.get("token");
    expect((await post("/delete-user", thief, { token: otherToken })).status).toBe(404);
    expect(await userExists(email)).toBe(true);
    expect(await userExists(other)).toBe(true);

    // The owner opens the link mailed to the account: it is gone.
    const mail = await latestEmailTo(email);
    expect(mail?.subject).toMatch(/Confirm deleting/);
    const ownLink = new URL(firstLink(mail?.text ?? ""));
    const opened = await auth().handler(
      await request(ownLink.pathname + ownLink.search, { jar: owner }),
    );
    expect(opened.status).toBe(302);
    expect(await userExists(email)).toBe(false);
  });

  it("adds a password through the reset link, which sets that account's password and no one else's", async () => {
    const email = "add-password@example.com";
    const owner = await providerUser("add-password-sub", email);
    const bystander = "add-password-bystander@example.com";
    await providerUser("add-password-bystander-sub", bystander);

    expect(
      (await post("/request-password-reset", owner, { email, redirectTo: "/reset-password" }))
        .status,
    ).toBe(200);
    const mail = await latestEmailTo(email);
    expect(mail?.subject).toBe("Add a password to your Todos account");
    const link = new URL(firstLink(mail?.text ?? ""));
    const token = link.pathname.split("/").pop();
    expect(
      (await post("/reset-password", owner, { token, newPassword: "a brand new passphrase" }))
        .status,
    ).toBe(200);

    const credentials = await getDb()
      .selectFrom("account")
      .innerJoin("user", "user.id", "account.userId")
      .select("user.email")
      .where("account.providerId", "=", "credential")
      .where("user.email", "in", [email, bystander])
      .execute();
    expect(credentials.map((row) => row.email)).toEqual([email]);
    const signIn = await post("/sign-in/email", new CookieJar(), {
      email,
      password: "a brand new passphrase",
    });
    expect(signIn.status).toBe(200);
  });
});
