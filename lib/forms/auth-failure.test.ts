import { APIError } from "better-auth/api";
import { describe, expect, it, vi } from "vitest";
import {
  authFailureState,
  credentialRefusals,
  fieldRefusal,
  rejectedPassword,
} from "./auth-failure";
import { UNEXPECTED } from "./state";

const refused = (code: string, message = "refused") =>
  new APIError("BAD_REQUEST", { code, message });

describe("authFailureState", () => {
  it("throws a spent limit on to the form wrapper, which shows the wait message", async () => {
    const limited = new APIError("TOO_MANY_REQUESTS", { code: "RATE_LIMITED", message: "wait" });
    await expect(authFailureState(limited, "Signing in")).rejects.toBe(limited);
  });

  it("answers a code the form explains, without logging it", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const answers = { INVALID_PASSWORD: fieldRefusal("password", "That is not your password") };
    expect(await authFailureState(refused("INVALID_PASSWORD"), "Deleting", answers)).toEqual({
      status: "error",
      message: "Check the highlighted field.",
      fields: { password: "That is not your password" },
    });
    expect(log).not.toHaveBeenCalled();
    log.mockRestore();
  });

  it("logs anything else by its code and answers plainly, keeping what was typed", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const state = await authFailureState(
      refused("SOMETHING_ELSE"),
      "Changing the email",
      {},
      {
        newEmail: "new@example.com",
      },
    );
    expect(state).toEqual({
      status: "error",
      message: UNEXPECTED,
      values: { newEmail: "new@example.com" },
    });
    expect(log).toHaveBeenCalledWith("Changing the email failed:", "SOMETHING_ELSE");
    log.mockRestore();
  });

  it("never takes a code for an answer the table inherits", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const state = await authFailureState(refused("constructor"), "Signing in", {});
    expect(state).toEqual({ status: "error", message: UNEXPECTED });
    log.mockRestore();
  });

  it("puts the password policy's reason next to the new password", async () => {
    const error = refused("PASSWORD_REJECTED", "This password appeared in a data breach.");
    const answers = rejectedPassword("password", { email: "ada@example.com" });
    expect(await authFailureState(error, "Sign-up", answers)).toEqual({
      status: "error",
      message: "Choose another password.",
      fields: { password: "This password appeared in a data breach." },
      values: { email: "ada@example.com" },
    });
  });

  it("offers to resend the link when the email is not verified yet", async () => {
    const answers = credentialRefusals({ email: "ada@example.com" });
    expect(await authFailureState(refused("EMAIL_NOT_VERIFIED"), "Sign-in", answers)).toMatchObject(
      { status: "error", reason: "email_not_verified", values: { email: "ada@example.com" } },
    );
  });
});
