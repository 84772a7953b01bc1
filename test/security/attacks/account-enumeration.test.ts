import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { callAuth, createVerifiedUser } from "@/test/http";
import { installLimiter } from "@/test/rate-limit-backend";

const getDb = withTestDatabase();
const PASSWORD = "correct horse battery";
const VERIFIED = "verified@example.com";
const UNVERIFIED = "unverified@example.com";

beforeAll(async () => {
  await createVerifiedUser(VERIFIED);
  const signUp = await callAuth("/sign-up/email", {
    method: "POST",
    json: { name: "U", email: UNVERIFIED, password: PASSWORD },
  });
  expect(signUp.status).toBe(200);
});

// Each case starts with fresh limits: the per-address email limit would otherwise carry the
// earlier cases' emails into the next one (the same three addresses throughout).
beforeEach(() => installLimiter());

/** Status, headers (but Date) and body: everything an attacker can compare. */
async function answer(res: Response) {
  const headers = [...res.headers].filter(([name]) => name !== "date");
  return { status: res.status, headers, body: await res.text() };
}

const post = (path: string, json: Record<string, unknown>) =>
  callAuth(path, { method: "POST", json });

describe("account enumeration through the HTTP API", () => {
  it("sign-in with a wrong password answers exactly the same for a verified, an unverified and an unknown address", async () => {
    const answers = [];
    for (const email of [VERIFIED, UNVERIFIED, "nobody@example.com"]) {
      answers.push(
        await answer(await post("/sign-in/email", { email, password: "not the password" })),
      );
    }
    expect(answers[0]?.status).toBe(401);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it("request-password-reset answers exactly the same for a verified, an unverified and an unknown address", async () => {
    const answers = [];
    for (const email of [VERIFIED, UNVERIFIED, "nobody@example.com"]) {
      answers.push(
        await answer(
          await post("/request-password-reset", { email, redirectTo: "/reset-password" }),
        ),
      );
    }
    expect(answers[0]?.status).toBe(200);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it("send-verification-email answers exactly the same for a verified, an unverified and an unknown address", async () => {
    const answers = [];
    for (const email of [VERIFIED, UNVERIFIED, "nobody@example.com"]) {
      answers.push(
        await answer(await post("/send-verification-email", { email, callbackURL: "/todos" })),
      );
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it("sign-up answers a taken address like a new one: same status, headers and body, but for a fresh id and the time", async () => {
    const realIds = (await getDb().selectFrom("user").select("id").execute()).map((row) => row.id);
    const answers = [];
    for (const email of [VERIFIED, UNVERIFIED, "brand.new@example.com"]) {
      const before = Date.now();
      const res = await answer(
        await post("/sign-up/email", {
          name: "Same Name",
          email,
          password: "another passphrase here",
        }),
      );
      const body = JSON.parse(res.body);
      // The answer must not carry the existing account's id or creation time.
      expect(realIds).not.toContain(body.user.id);
      expect(body.user.id).toMatch(/^[A-Za-z0-9]{32}$/);
      for (const at of [body.user.createdAt, body.user.updatedAt]) {
        expect(Date.parse(at)).toBeGreaterThanOrEqual(before - 1000);
      }
      answers.push({
        ...res,
        // The signed-up marker names that id too (signed): the same shape for every address.
        headers: res.headers.map(([name, value]) =>
          name === "set-cookie" ? [name, value.replace(/=[^;]+;/, "=<signed id>;")] : [name, value],
        ),
        body: JSON.stringify({
          ...body,
          user: { ...body.user, id: "<id>", email: "<email>", createdAt: "<t>", updatedAt: "<t>" },
        }),
      });
    }
    expect(answers[0]?.status).toBe(200);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });
});
