import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetAuthForTests } from "@/lib/auth";
import { settleBackgroundTasks } from "@/lib/background";
import { resetEnvForTests } from "@/lib/env";
import { withTestDatabase } from "@/test/database";
import { callAuth } from "@/test/http";
import { type ResendStub, startResendStub } from "@/test/resend-stub";
import { sendEmail, usesOutbox } from "./index";

withTestDatabase();
let stub: ResendStub;

beforeAll(async () => {
  stub = await startResendStub();
  Object.assign(process.env, {
    RESEND_API_KEY: "re_test_key",
    RESEND_BASE_URL: stub.url,
    EMAIL_FROM: "Todos <todos@example.com>",
  });
  resetEnvForTests();
  resetAuthForTests();
});

afterAll(async () => {
  for (const name of ["RESEND_API_KEY", "RESEND_BASE_URL", "EMAIL_FROM"]) delete process.env[name];
  resetEnvForTests();
  await stub.close();
});

describe("email through Resend", () => {
  it("posts from, to, subject, text and html to Resend's /emails", async () => {
    expect(usesOutbox()).toBe(false);
    await sendEmail({ to: "ada@example.com", subject: "Hello", text: "Hi", html: "<p>Hi</p>" });
    expect(stub.received.at(-1)).toEqual({
      path: "/emails",
      authorization: "Bearer re_test_key",
      body: expect.objectContaining({
        from: "Todos <todos@example.com>",
        to: "ada@example.com",
        subject: "Hello",
        text: "Hi",
        html: "<p>Hi</p>",
      }),
    });
  });

  it("sends the sign-up verification email with an absolute link", async () => {
    const res = await callAuth("/sign-up/email", {
      method: "POST",
      json: { name: "Bo", email: "bo@example.com", password: "correct horse battery" },
    });
    expect(res.status).toBe(200);
    await settleBackgroundTasks();
    const sent = stub.received.at(-1)?.body;
    expect(sent?.to).toBe("bo@example.com");
    expect(String(sent?.text)).toMatch(/http:\/\/localhost:3000\/api\/auth\/verify-email\?token=/);
  });

  it("still signs the user up when Resend fails, and the email can be sent again", async () => {
    stub.status = 500;
    const res = await callAuth("/sign-up/email", {
      method: "POST",
      json: { name: "Cy", email: "cy@example.com", password: "correct horse battery" },
    });
    expect(res.status).toBe(200);
    await settleBackgroundTasks();
    stub.status = 200;
    const resend = await callAuth("/send-verification-email", {
      method: "POST",
      json: { email: "cy@example.com" },
    });
    expect(resend.status).toBe(200);
    expect(stub.received.at(-1)?.body.to).toBe("cy@example.com");
  });
});
