import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { callAuth } from "@/test/http";
import { settleBackgroundTasks } from "@/test/process-state";
import { withResendStub } from "@/test/resend-stub";
import { sendEmail, usesOutbox } from "./index";

withTestDatabase();
const resendStub = withResendStub("re_test_key");

describe("email through Resend", () => {
  it("posts from, to, subject, text and html to Resend's /emails", async () => {
    expect(usesOutbox()).toBe(false);
    await sendEmail({ to: "ada@example.com", subject: "Hello", text: "Hi", html: "<p>Hi</p>" });
    expect(resendStub().received.at(-1)).toEqual({
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
    const sent = resendStub().received.at(-1)?.body;
    expect(sent?.to).toBe("bo@example.com");
    expect(String(sent?.text)).toMatch(/http:\/\/localhost:3000\/api\/auth\/verify-email\?token=/);
  });

  it("still signs the user up when Resend fails, and the email can be sent again", async () => {
    resendStub().status = 500;
    const res = await callAuth("/sign-up/email", {
      method: "POST",
      json: { name: "Cy", email: "cy@example.com", password: "correct horse battery" },
    });
    expect(res.status).toBe(200);
    await settleBackgroundTasks();
    resendStub().status = 200;
    const resend = await callAuth("/send-verification-email", {
      method: "POST",
      json: { email: "cy@example.com" },
    });
    expect(resend.status).toBe(200);
    expect(resendStub().received.at(-1)?.body.to).toBe("cy@example.com");
  });
});
