import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { callAuth } from "@/test/http";
import { settleBackgroundTasks } from "@/test/process-state";
import { withResendStub } from "@/test/resend-stub";
import { captureOutput } from "./capture-output";
import { leakedSecrets } from "./secret-forms";

withTestDatabase();
const API_KEY = "re_secret_key_that_must_stay_private";
const resendStub = withResendStub(API_KEY);

describe("no secret in the logs when Resend fails", () => {
  it("logs the failed sign-up and reset emails without the API key, the password or the links' tokens", async () => {
    resendStub().status = 500;
    const output = captureOutput();
    const secrets = new Map<string, string>([["Resend API key", API_KEY]]);
    try {
      const email = "resend-down@example.com";
      const password = "resend secret passphrase 9";
      secrets.set("password", password);
      await callAuth("/sign-up/email", {
        method: "POST",
        json: { name: "Down", email, password, callbackURL: "/todos" },
      });
      await callAuth("/request-password-reset", {
        method: "POST",
        json: { email, redirectTo: "/reset-password" },
      });
      await settleBackgroundTasks();
    } finally {
      output.restore();
    }
    // The tokens Resend was asked to deliver, read from what the stub received.
    for (const { body } of resendStub().received) {
      for (const link of String(body.text).match(/https?:\/\/\S+/g) ?? []) {
        const url = new URL(link);
        const token = url.searchParams.get("token") ?? url.pathname.split("/").at(-1) ?? "";
        secrets.set(`token in ${url.pathname}`, token);
      }
    }
    expect(resendStub().received.length).toBeGreaterThanOrEqual(2);
    expect(output.text()).toContain("Resend refused the email");
    expect(leakedSecrets(output.text(), secrets)).toEqual([]);
  });
});
