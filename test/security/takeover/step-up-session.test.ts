import { sql } from "kysely";
import { describe, expect, it, vi } from "vitest";
import { confirmPasswordAction } from "@/app/(app)/settings/sessions/actions";
import { auth } from "@/lib/auth";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser } from "@/test/http";
import { actAs } from "@/test/security/next-request";

vi.mock("next/headers", () => import("@/test/security/next-request"));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const getDb = withTestDatabase();
const VICTIM_PASSWORD = "the victim's own passphrase";
const THIEF_PASSWORD = "the thief's own passphrase";
const SESSION = "better-auth.session_token";
const ACCESS = "better-auth.session_data";

const rawToken = (signed: string | undefined) => decodeURIComponent(signed ?? "").split(".")[0];

async function sessionBehind(jar: CookieJar) {
  return getDb()
    .selectFrom("session")
    .innerJoin("user", "user.id", "session.userId")
    .select([
      "session.id",
      "user.id as userId",
      "user.email",
      "user.name",
      sql<boolean>`"verifiedAt" > now() - interval '15 minutes'`.as("fresh"),
    ])
    .where("session.token", "=", rawToken(jar.cookies.get(SESSION)) ?? "")
    .executeTakeFirstOrThrow();
}

async function agePasswordProofs() {
  await getDb()
    .updateTable("session")
    .set({ verifiedAt: sql`now() - interval '1 hour'` })
    .execute();
}

function passwordForm(password: string) {
  const form = new FormData();
  form.set("password", password);
  return form;
}

describe("a step-up is recorded only on the session that proved the password", () => {
  it("the victim's stolen cookies plus the thief's own bearer token and password do not make the victim's session fresh", async () => {
    const victim = await createVerifiedUser("stepup-victim-1@example.com", VICTIM_PASSWORD);
    const thief = await createVerifiedUser("stepup-thief-1@example.com", THIEF_PASSWORD);
    await agePasswordProofs();
    actAs(victim, {
      authorization: `Bearer ${thief.cookies.get(SESSION)}`,
    });
    const state = await confirmPasswordAction({ status: "idle" }, passwordForm(THIEF_PASSWORD));
    expect(state.status).toBe("error");
    expect((await sessionBehind(victim)).fresh).toBe(false);
  });

  it("the victim's access cookie plus the thief's own session cookie and password are refused, changing nothing", async () => {
    const victim = await createVerifiedUser("stepup-victim-2@example.com", VICTIM_PASSWORD);
    const thief = await createVerifiedUser("stepup-thief-2@example.com", THIEF_PASSWORD);
    await agePasswordProofs();
    const mixed = new CookieJar();
    mixed.cookies.set(SESSION, thief.cookies.get(SESSION) ?? "");
    mixed.cookies.set(ACCESS, victim.cookies.get(ACCESS) ?? "");
    actAs(mixed);
    const state = await confirmPasswordAction({ status: "idle" }, passwordForm(THIEF_PASSWORD));
    expect(state).toMatchObject({ status: "error", message: expect.stringMatching(/nothing/i) });
    expect((await sessionBehind(victim)).fresh).toBe(false);
    expect((await sessionBehind(thief)).fresh).toBe(false);
  });

  it("server code never lets an Authorization header pick the session", async () => {
    const victim = await createVerifiedUser("stepup-victim-3@example.com", VICTIM_PASSWORD);
    const thief = await createVerifiedUser("stepup-thief-3@example.com", THIEF_PASSWORD);
    const headers = new Headers({
      cookie: victim.header(),
      authorization: `Bearer ${thief.cookies.get(SESSION)}`,
    });
    const session = await auth().api.getSession({ headers, query: { disableCookieCache: true } });
    expect(session?.user.email).toBe("stepup-victim-3@example.com");
  });

  it("the owner's own password through the form makes the owner's session fresh", async () => {
    const owner = await createVerifiedUser("stepup-owner@example.com", VICTIM_PASSWORD);
    await agePasswordProofs();
    actAs(owner);
    const state = await confirmPasswordAction({ status: "idle" }, passwordForm(VICTIM_PASSWORD));
    expect(state.status).toBe("success");
    expect((await sessionBehind(owner)).fresh).toBe(true);
  });

  it("the HTTP API records the proof the same way, on the session it checked", async () => {
    const owner = await createVerifiedUser("stepup-api@example.com", VICTIM_PASSWORD);
    const other = await createVerifiedUser("stepup-api-other@example.com", THIEF_PASSWORD);
    await agePasswordProofs();
    const wrong = await callAuth("/verify-password", {
      method: "POST",
      jar: owner,
      json: { password: THIEF_PASSWORD },
    });
    expect(wrong.status).toBe(400);
    expect((await sessionBehind(owner)).fresh).toBe(false);
    const right = await callAuth("/verify-password", {
      method: "POST",
      jar: owner,
      json: { password: VICTIM_PASSWORD },
    });
    expect(right.status).toBe(200);
    expect((await sessionBehind(owner)).fresh).toBe(true);
    expect((await sessionBehind(other)).fresh).toBe(false);
  });

  it("asked for one session but checked against another, it answers 403 in Better Auth's error shape", async () => {
    const owner = await createVerifiedUser("stepup-shape@example.com", VICTIM_PASSWORD);
    const other = await createVerifiedUser("stepup-shape-other@example.com", THIEF_PASSWORD);
    await agePasswordProofs();
    const res = await callAuth("/verify-password", {
      method: "POST",
      jar: owner,
      headers: { "x-step-up-session": (await sessionBehind(other)).id },
      json: { password: VICTIM_PASSWORD },
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      code: "STEP_UP_SESSION_MISMATCH",
      message: expect.any(String),
    });
    expect((await sessionBehind(owner)).fresh).toBe(false);
  });
});
