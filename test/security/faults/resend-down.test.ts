import { describe, expect, it, vi } from "vitest";
import { auth } from "@/lib/auth";
import { RESEND_TIMEOUT_MS } from "@/lib/email";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, firstLink, request } from "@/test/http";
import { settleBackgroundTasks } from "@/test/process-state";
import { withResendStub } from "@/test/resend-stub";

const getDb = withTestDatabase();
const PASSWORD = "correct horse battery";
const API_KEY = "re_fault_test_key";
const resendStub = withResendStub(API_KEY);

/** The browser each address signed up in: only it is signed in by the verification link. */
const browsers = new Map<string, CookieJar>();

const signUp = (email: string) => {
  const jar = new CookieJar();
  browsers.set(email, jar);
  return callAuth("/sign-up/email", {
    method: "POST",
    jar,
    json: { name: "Ev", email, password: PASSWORD },
  });
};

const resendVerification = (email: string) =>
  callAuth("/send-verification-email", { method: "POST", json: { email } });

/** The account is there, unverified: nothing was lost while email was failing. */
async function expectUnverifiedAccount(email: string) {
  const user = await getDb()
    .selectFrom("user")
    .select(["emailVerified"])
    .where("email", "=", email)
    .executeTakeFirst();
  expect(user).toEqual({ emailVerified: false });
}

/** Resend is back: a resend delivers a link that verifies the account and signs in. */
async function expectResendWorks(email: string) {
  const before = resendStub().received.length;
  expect((await resendVerification(email)).status).toBe(200);
  await settleBackgroundTasks();
  const sent = resendStub()
    .received.slice(before)
    .find((r) => r.body.to === email);
  expect(sent).toBeDefined();
  const link = new URL(firstLink(String(sent?.body.text)));
  const jar = browsers.get(email) ?? new CookieJar();
  jar.store(await auth().handler(await request(link.pathname + link.search, { jar })));
  const session = await callAuth("/get-session", { jar });
  expect((await session.json())?.user).toMatchObject({ email, emailVerified: true });
}

describe("Resend failing (see also lib/email/resend.test.ts for a 500 at sign-up)", () => {
  it("answering 500: sign-up and resend still answer 200 (as for an unknown address), the account waits, and a resend once Resend is back verifies it", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    resendStub().status = 500;
    try {
      expect((await signUp("five-hundred@example.com")).status).toBe(200);
      const waiting = await resendVerification("five-hundred@example.com");
      const unknown = await resendVerification("nobody@example.com");
      // Same status and body as for an unknown address: a Resend outage is no enumeration oracle.
      expect([waiting.status, await waiting.json()]).toEqual([
        unknown.status,
        await unknown.json(),
      ]);
      expect(waiting.status).toBe(200);
      await settleBackgroundTasks();
    } finally {
      resendStub().status = 200;
      errors.mockRestore();
    }
    await expectUnverifiedAccount("five-hundred@example.com");
    await expectResendWorks("five-hundred@example.com");
  });

  it(
    "never answering: sign-up answers at once, the send gives up after RESEND_TIMEOUT_MS and is logged without the API key, and a resend later verifies",
    async () => {
      const errors = vi.spyOn(console, "error").mockImplementation(() => {});
      resendStub().hang = true;
      try {
        const received = resendStub().received.length;
        expect((await signUp("hung@example.com")).status).toBe(200);
        await vi.waitFor(() => expect(resendStub().received.length).toBe(received + 1));
        // A resend while Resend hangs answers as it would for an unknown address.
        expect((await resendVerification("hung@example.com")).status).toBe(200);
        // Without a timeout this would wait on Node's 5-minute default and the test would time out.
        await settleBackgroundTasks();
        const logged = errors.mock.calls.map((call) => call.map(String).join(" ")).join("\n");
        expect(logged).toMatch(/Background task failed:.*Resend refused the email/);
        expect(logged).not.toContain(API_KEY);
      } finally {
        resendStub().hang = false;
        errors.mockRestore();
      }
      await expectUnverifiedAccount("hung@example.com");
      await expectResendWorks("hung@example.com");
    },
    RESEND_TIMEOUT_MS + 20_000,
  );
});
