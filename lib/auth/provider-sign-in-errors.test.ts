import { describe, expect, it } from "vitest";
import { providerSignInError } from "./provider-sign-in-errors";

describe("what /sign-in says after a provider sign-in failed", () => {
  it("says nothing without an error", () => {
    expect(providerSignInError(undefined)).toBeUndefined();
  });

  it("names a denied consent and an unverified address plainly", () => {
    expect(providerSignInError("access_denied")).toMatch(/cancelled/);
    expect(providerSignInError("email_not_verified")).toMatch(/not verified/);
  });

  it("asks to start again after a state or code failure", () => {
    for (const code of ["state_mismatch", "state_not_found", "invalid_code", "no_code"]) {
      expect(providerSignInError(code), code).toMatch(/try again/);
    }
  });

  it("never shows the text a link carries, only its own words", () => {
    const message = providerSignInError("<script>alert(1)</script>");
    expect(message).toBe("We could not sign you in with that provider. Please try again.");
  });
});
