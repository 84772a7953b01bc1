import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetAuthForTests } from "@/lib/auth";
import { settleBackgroundTasks } from "@/lib/background";
import { resetEnvForTests } from "@/lib/env";
import { withTestDatabase } from "@/test/database";
import { callAuth } from "@/test/http";
import { type ResendStub, startResendStub } from "@/test/resend-stub";
import { captureOutput } from "./capture-output";
import { leakedSecrets } from "./secret-forms";

withTestDatabase();
const API_KEY = "re_secret_key_that_must_stay_private";
let stub: ResendStub;

beforeAll(async () => {
  stub = await startResendStub();
  Object.assign(process.env, {
    RESEND_API_KEY: API_KEY,
    RESEND_BASE_URL: stub.url,
    EMAIL_FROM: "Todos <todos@example.com>",
  });
  resetEnvForTests();
  resetAuthForTests();
});

afterAll(async () => {
  for (const name of ["RESEND_API_KEY", "RESEND_BASE_URL", "EMAIL_FROM"]) delete process.env[name];
  resetEnvForTests();
  resetAuthForTests();
  await stub.close();
});

describe("no secret in the logs when Resend fails", () => {
  it("logs the failed sign-up and reset emails without the API key, the password or the links' tokens", async () => {
    stub.status = 500;
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
    for (const { body } of stub.received) {
      for (const link of String(body.text).match(/https?:\/\/\S+/g) ?? []) {
        const url = new URL(link);
        const token = url.searchParams.get("token") ?? url.pathname.split("/").at(-1) ?? "";
        secrets.set(`token in ${url.pathname}`, token);
      }
    }
    expect(stub.received.length).toBeGreaterThanOrEqual(2);
    expect(output.text()).toContain("Resend refused the email");
    expect(leakedSecrets(output.text(), secrets)).toEqual([]);
  });
});
