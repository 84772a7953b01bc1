import { describe, expect, it } from "vitest";
import { RULES } from "@/lib/rate-limit";
import { withTestDatabase } from "@/test/database";
import { APPROVAL_SUBJECT } from "@/test/email-change";
import { callAuth, createVerifiedUser, latestEmailTo } from "@/test/http";
import { withRateLimitBackend } from "@/test/rate-limit-backend";

withTestDatabase();
withRateLimitBackend();

const PASSWORD = "correct horse battery";
const SESSION = "better-auth.session_token";

/**
 * The account's rules judge a request by its session, read in before-hooks. A bearer client (a
 * native app, or a thief replaying a stolen session token without cookies) sends that session in
 * Authorization, which Better Auth only turns into its session cookie after every before-hook.
 */
async function bearerOf(email: string) {
  const jar = await createVerifiedUser(email, PASSWORD);
  return { authorization: `Bearer ${jar.cookies.get(SESSION)}` };
}

describe("a bearer session meets the same account rules as a cookie session", () => {
  it("counts wrong step-up passwords against the account (a stolen bearer token cannot guess without limit)", async () => {
    const headers = await bearerOf("bearer-guesses@example.com");
    const statuses: number[] = [];
    for (let i = 0; i <= RULES.failedPasswordsPerAccount.limit; i++) {
      const res = await callAuth("/verify-password", {
        method: "POST",
        headers,
        json: { password: `guess number ${i} for this` },
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, -1).every((status) => status === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it("refuses a new password equal to the account's email on /change-password", async () => {
    const email = "bearer-policy@example.com";
    const res = await callAuth("/change-password", {
      method: "POST",
      headers: await bearerOf(email),
      json: { currentPassword: PASSWORD, newPassword: email },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("PASSWORD_REJECTED");
  });

  it("lets a freshly stepped-up bearer session change its email (the step-up is read from its own session)", async () => {
    const res = await callAuth("/change-email", {
      method: "POST",
      headers: await bearerOf("bearer-move@example.com"),
      json: { newEmail: "bearer-moved@example.com", callbackURL: "/settings" },
    });
    expect(res.status).toBe(200);
    expect((await latestEmailTo("bearer-move@example.com"))?.subject).toBe(APPROVAL_SUBJECT);
  });
});
