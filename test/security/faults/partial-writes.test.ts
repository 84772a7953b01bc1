import { sql } from "kysely";
import { describe, expect, it, vi } from "vitest";
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
import { failEvery } from "./fault-trigger";

const getDb = withTestDatabase();
const PASSWORD = "correct horse battery";
const NEW_PASSWORD = "a brand new passphrase";

async function countRows(table: string, where: string, value: string) {
  const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.id(table)}
    where ${sql.ref(where)} = ${value}`.execute(getDb());
  return result.rows[0]?.n ?? 0;
}

async function userIdOf(email: string) {
  const row = await getDb()
    .selectFrom("user")
    .select("id")
    .where("email", "=", email)
    .executeTakeFirst();
  return row?.id;
}

async function signIn(email: string, password: string) {
  const jar = new CookieJar();
  const res = await callAuth("/sign-in/email", { method: "POST", jar, json: { email, password } });
  return { res, jar };
}

/** Runs `attempt` while `event` on `table` fails in the database, then lifts the fault. */
async function withFault(
  event: "insert" | "update" | "delete",
  table: string,
  attempt: () => Promise<Response>,
) {
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});
  const lift = await failEvery(getDb(), event, table);
  try {
    const res = await attempt();
    expect(res.status).toBeGreaterThanOrEqual(500);
    return res;
  } finally {
    await lift();
    errors.mockRestore();
  }
}

describe("a database error in the middle of a multi-statement write leaves nothing half-done", () => {
  it("sign-up: when the credential account cannot be written, no user is left behind, and a retry signs up", async () => {
    const email = "half-signup@example.com";
    await withFault("insert", "account", () =>
      callAuth("/sign-up/email", {
        method: "POST",
        json: { name: "Half", email, password: PASSWORD },
      }),
    );
    expect(await userIdOf(email)).toBeUndefined();
    expect(await latestEmailTo(email)).toBeUndefined();

    const retry = await callAuth("/sign-up/email", {
      method: "POST",
      json: { name: "Half", email, password: PASSWORD },
    });
    expect(retry.status).toBe(200);
    const id = await userIdOf(email);
    expect(await countRows("account", "userId", id ?? "")).toBe(1);
    const link = new URL(firstLink((await latestEmailTo(email))?.text ?? ""));
    const verified = await auth().handler(await request(link.pathname + link.search));
    expect(verified.status).toBe(302);
    expect((await signIn(email, PASSWORD)).res.status).toBe(200);
  });

  it("delete account: when the user row cannot be deleted, its sessions and login survive, and a retry deletes it", async () => {
    const email = "half-delete@example.com";
    const jar = await createVerifiedUser(email, PASSWORD);
    const other = await signIn(email, PASSWORD);
    const id = (await userIdOf(email)) ?? "";
    await withFault("delete", "user", () =>
      callAuth("/delete-user", { method: "POST", jar, json: { password: PASSWORD } }),
    );
    expect(await countRows("session", "userId", id)).toBe(2);
    expect(await countRows("account", "userId", id)).toBe(1);
    const stillIn = await callAuth("/get-session", { jar: other.jar });
    expect((await stillIn.json())?.user?.email).toBe(email);

    const retry = await callAuth("/delete-user", {
      method: "POST",
      jar,
      json: { password: PASSWORD },
    });
    expect(retry.status).toBe(200);
    expect(await userIdOf(email)).toBeUndefined();
    expect(await countRows("session", "userId", id)).toBe(0);
  });

  it("password change that signs out other devices: when the new session cannot be written, the old password and devices stay", async () => {
    const email = "half-password@example.com";
    const jar = await createVerifiedUser(email, PASSWORD);
    await signIn(email, PASSWORD); // a second device, which must survive the failed change
    const change = () =>
      callAuth("/change-password", {
        method: "POST",
        jar,
        json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, revokeOtherSessions: true },
      });
    const id = (await userIdOf(email)) ?? "";
    await withFault("insert", "session", change);
    expect(await countRows("session", "userId", id)).toBe(2);
    expect((await signIn(email, NEW_PASSWORD)).res.status).toBe(401);

    expect((await change()).status).toBe(200);
    // This device's new session only: the other device is signed out.
    expect(await countRows("session", "userId", id)).toBe(1);
    expect((await signIn(email, PASSWORD)).res.status).toBe(401);
    expect((await signIn(email, NEW_PASSWORD)).res.status).toBe(200);
  });

  it("password reset: when the new password cannot be saved, the link stays usable, the old password and devices stay, and the retry signs every device out", async () => {
    const email = "half-reset@example.com";
    const jar = await createVerifiedUser(email, PASSWORD);
    const id = (await userIdOf(email)) ?? "";
    const requested = await callAuth("/request-password-reset", {
      method: "POST",
      json: { email, redirectTo: "/reset-password" },
    });
    expect(requested.status).toBe(200);
    const link = new URL(firstLink((await latestEmailTo(email))?.text ?? ""));
    const checked = await auth().handler(await request(link.pathname + link.search));
    const token =
      new URL(checked.headers.get("location") ?? "", "http://localhost").searchParams.get(
        "token",
      ) ?? "";
    expect(token).not.toBe("");
    const reset = () =>
      callAuth("/reset-password", { method: "POST", json: { token, newPassword: NEW_PASSWORD } });

    await withFault("update", "account", reset);
    expect(await countRows("session", "userId", id)).toBe(1);
    expect((await signIn(email, NEW_PASSWORD)).res.status).toBe(401);
    expect((await callAuth("/get-session", { jar })).status).toBe(200);

    expect((await reset()).status).toBe(200);
    expect(await countRows("session", "userId", id)).toBe(0);
    expect((await signIn(email, NEW_PASSWORD)).res.status).toBe(200);
  });

  it("session rotation: when the old token cannot be retired, the session keeps its token and renews on retry", async () => {
    const email = "half-rotation@example.com";
    const jar = await createVerifiedUser(email, PASSWORD);
    const id = (await userIdOf(email)) ?? "";
    const tokenOf = async () =>
      (
        await getDb()
          .selectFrom("session")
          .select("token")
          .where("userId", "=", id)
          .executeTakeFirst()
      )?.token;
    const before = await tokenOf();
    const device = new CookieJar();
    const sessionCookie = "better-auth.session_token";
    device.cookies.set(sessionCookie, jar.cookies.get(sessionCookie) ?? "");
    await withFault("insert", "retired_session_token", () =>
      callAuth("/token", {
        headers: { authorization: `Bearer ${device.cookies.get(sessionCookie)}` },
      }),
    );
    expect(await tokenOf()).toBe(before);
    expect(
      await countRows(
        "retired_session_token",
        "session_id",
        (
          await getDb()
            .selectFrom("session")
            .select("id")
            .where("userId", "=", id)
            .executeTakeFirstOrThrow()
        ).id,
      ),
    ).toBe(0);

    const retry = await callAuth("/token", {
      headers: { authorization: `Bearer ${device.cookies.get(sessionCookie)}` },
    });
    expect(retry.status).toBe(200);
    expect(await tokenOf()).not.toBe(before);
  });
});
