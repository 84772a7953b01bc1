import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { RULES } from "@/lib/rate-limit/rules";
import { withTestDatabase } from "@/test/database";
import { approveEmailChange } from "@/test/email-change";
import { CookieJar, callAuth, createVerifiedUser, latestEmailTo } from "@/test/http";
import { settleBackgroundTasks } from "@/test/process-state";
import { withRateLimitBackend } from "@/test/rate-limit-backend";
import { reportNotMe } from "./not-me";
import { listActivity, PAGE_SIZE } from "./queries";
import { insertEvent } from "./record";

const getDb = withTestDatabase();
withRateLimitBackend();

const PASSWORD = "correct horse battery";
const SESSION = "better-auth.session_token";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

async function eventsOf(email: string) {
  await settleBackgroundTasks();
  return getDb()
    .selectFrom("auth_event")
    .innerJoin("user", "user.id", "auth_event.user_id")
    .select(["type", "detail", "ip", "device", "session_id"])
    .where("user.email", "=", email)
    .orderBy("auth_event.id")
    .execute();
}

async function actorOf(jar: CookieJar) {
  const token = decodeURIComponent(jar.cookies.get(SESSION) ?? "").split(".")[0] ?? "";
  const row = await getDb()
    .selectFrom("session")
    .select(["id", "userId"])
    .where("token", "=", token)
    .executeTakeFirstOrThrow();
  return { userId: row.userId, sessionId: row.id };
}

const signIn = (email: string, password: string, ip: string, jar = new CookieJar()) =>
  callAuth("/sign-in/email", {
    method: "POST",
    jar,
    headers: { "x-real-ip": ip, "user-agent": FIREFOX },
    json: { email, password },
  });

describe("the account's security log", () => {
  it("records sign-ins and failed attempts with device and IP, against the account, never for an unknown address", async () => {
    const email = "log-signins@example.com";
    await createVerifiedUser(email, PASSWORD);
    await signIn(email, "a wrong guess at it", "203.0.113.7");
    const jar = new CookieJar();
    await signIn(email, PASSWORD, "198.51.100.4", jar);
    await signIn("nobody-here@example.com", "whatever it is", "203.0.113.7");
    const events = await eventsOf(email);
    expect(events.filter((e) => e.type.startsWith("sign_in"))).toEqual([
      {
        type: "sign_in_failed",
        detail: "wrong_password",
        ip: "203.0.113.7",
        device: "Firefox on Linux",
        session_id: null,
      },
      {
        type: "sign_in",
        detail: null,
        ip: "198.51.100.4",
        device: "Firefox on Linux",
        session_id: (await actorOf(jar)).sessionId,
      },
    ]);
    const all = JSON.stringify(await getDb().selectFrom("auth_event").selectAll().execute());
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain("a wrong guess at it");
    for (const { token } of await getDb().selectFrom("session").select("token").execute())
      expect(all).not.toContain(token);
  });

  it("writes one line for a flood of refused attempts, not one per request", async () => {
    const email = "log-flood@example.com";
    await createVerifiedUser(email, PASSWORD);
    for (let i = 0; i < RULES.failedPasswordsPerAccount.limit + 6; i++)
      await signIn(email, `guess number ${i} here`, `203.0.113.${i + 20}`);
    const events = await eventsOf(email);
    expect(events.filter((e) => e.detail === "wrong_password")).toHaveLength(
      RULES.failedPasswordsPerAccount.limit,
    );
    expect(events.filter((e) => e.detail === "rate_limited")).toHaveLength(1);
  });

  it("records a reuse alarm when a replaced session token comes back after its grace", async () => {
    const email = "log-reuse@example.com";
    const jar = await createVerifiedUser(email, PASSWORD);
    const stolen = { authorization: `Bearer ${jar.cookies.get(SESSION)}` };
    await callAuth("/get-session", { headers: stolen });
    await getDb()
      .updateTable("retired_session_token")
      .set({ retired_at: sql`now() - interval '1 hour'` })
      .execute();
    await callAuth("/get-session", { headers: stolen });
    expect((await eventsOf(email)).map((e) => e.type)).toContain("token_reuse");
  });

  it("records password and email changes and device sign-outs", async () => {
    const email = "log-changes@example.com";
    const laptop = await createVerifiedUser(email, PASSWORD);
    const phone = new CookieJar();
    await signIn(email, PASSWORD, "198.51.100.9", phone);
    await callAuth("/revoke-session", {
      method: "POST",
      jar: laptop,
      json: { token: (await actorOf(phone)).sessionId },
    });
    await callAuth("/change-password", {
      method: "POST",
      jar: laptop,
      json: { currentPassword: PASSWORD, newPassword: "a newer passphrase here" },
    });
    await callAuth("/change-email", {
      method: "POST",
      jar: laptop,
      json: { newEmail: "log-moved@example.com", callbackURL: "/settings" },
    });
    const link = new URL(await approveEmailChange(email, "log-moved@example.com"));
    await callAuth(`${link.pathname.replace("/api/auth", "")}${link.search}`, { jar: laptop });
    const types = (await eventsOf("log-moved@example.com")).map((e) => [e.type, e.detail]);
    expect(types).toEqual(
      expect.arrayContaining([
        ["signed_out", null],
        ["password_changed", null],
        ["email_change_requested", "log-moved@example.com"],
        ["email_changed", "log-moved@example.com"],
      ]),
    );
    const signedOut = (await eventsOf("log-moved@example.com")).find(
      (e) => e.type === "signed_out",
    );
    expect(signedOut).toMatchObject({ ip: "198.51.100.9", device: "Firefox on Linux" });
  });

  it("lists newest first, a page at a time, only the account's own, only for a live session", async () => {
    const mine = await createVerifiedUser("log-pages@example.com", PASSWORD);
    const theirs = await createVerifiedUser("log-other@example.com", PASSWORD);
    const me = await actorOf(mine);
    for (let i = 0; i < PAGE_SIZE + 5; i++)
      await insertEvent(
        { id: me.userId },
        "sign_in_failed",
        { ip: `203.0.113.${i}` },
        { detail: "wrong_password" },
      );
    await insertEvent({ id: (await actorOf(theirs)).userId }, "sign_in", { ip: "192.0.2.1" }, {});
    const first = await listActivity(me);
    expect(first.entries).toHaveLength(PAGE_SIZE);
    expect(first.entries[0]?.ip).toBe(`203.0.113.${PAGE_SIZE + 4}`);
    const second = await listActivity(me, first.older);
    expect(second.older).toBeUndefined();
    const ids = [...first.entries, ...second.entries].map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...first.entries, ...second.entries].map((e) => e.ip)).not.toContain("192.0.2.1");
    expect((await listActivity(me, "not-a-cursor")).entries).toHaveLength(PAGE_SIZE);
    await getDb().deleteFrom("session").where("id", "=", me.sessionId).execute();
    await expect(listActivity(me)).rejects.toThrow(/signed out/);
  });

  it("keeps 90 days: older events are pruned when the account's next event is written", async () => {
    const jar = await createVerifiedUser("log-prune@example.com", PASSWORD);
    const me = await actorOf(jar);
    await insertEvent({ id: me.userId }, "sign_in", {}, {});
    await getDb()
      .updateTable("auth_event")
      .set({ created_at: sql`now() - interval '91 days'` })
      .where("user_id", "=", me.userId)
      .execute();
    await insertEvent({ id: me.userId }, "password_changed", {}, {});
    expect((await eventsOf("log-prune@example.com")).map((e) => e.type)).toEqual([
      "password_changed",
    ]);
  });

  it("'This wasn't me' signs out every device, this one too, mails a reset link and records the report", async () => {
    const email = "log-not-me@example.com";
    const laptop = await createVerifiedUser(email, PASSWORD);
    await signIn(email, PASSWORD, "198.51.100.30");
    const me = await actorOf(laptop);
    await insertEvent({ id: me.userId }, "new_device", { ip: "203.0.113.99" }, {});
    const [reported] = (await listActivity(me)).entries;
    const result = await reportNotMe(
      me,
      reported?.id,
      new Headers({ "x-real-ip": "198.51.100.31" }),
    );
    expect(result).toEqual({ emailed: true });
    expect(
      await getDb().selectFrom("session").select("id").where("userId", "=", me.userId).execute(),
    ).toEqual([]);
    expect((await latestEmailTo(email))?.subject).toMatch(/reset/i);
    expect((await eventsOf(email)).at(-1)).toMatchObject({
      type: "reported",
      detail: "new_device",
      ip: "198.51.100.31",
    });
    await expect(reportNotMe(me, undefined, new Headers())).rejects.toThrow(/signed out/);
  });
});
