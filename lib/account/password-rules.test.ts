import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-rules";

describe("password policy (NIST SP 800-63B)", () => {
  it("takes 8 to 128 characters of anything, with no composition rules", () => {
    expect(passwordProblem("all lowercase words")).toBeUndefined();
    expect(passwordProblem("🔒🔒🔒🔒🔒🔒🔒🔒")).toBeUndefined();
    expect(passwordProblem("x".repeat(128))).toBeUndefined();
    expect(passwordProblem("seven77")).toBe("Use at least 8 characters");
    expect(passwordProblem("x".repeat(129))).toBe("Use at most 128 characters");
  });

  it("refuses the most common passwords whatever their case", () => {
    for (const common of ["password", "12345678", "Baseball", "TRUSTNO1"]) {
      expect(passwordProblem(common)).toMatch(/most common passwords/);
    }
  });

  it("refuses the account's own email address", () => {
    expect(passwordProblem("Ada@Example.com", "ada@example.com")).toBe(
      "Your password cannot be your email address",
    );
  });
});
