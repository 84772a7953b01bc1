import { APIError } from "better-auth/api";
import { describe, expect, it } from "vitest";
import { authErrorCode } from "./auth-errors";

describe("authErrorCode", () => {
  it("reads the code of Better Auth's own APIError", () => {
    const error = new APIError("TOO_MANY_REQUESTS", { message: "slow down", code: "RATE_LIMITED" });
    expect(authErrorCode(error)).toBe("RATE_LIMITED");
  });

  it("reads the code of an APIError from another bundle's copy of the class (by name)", () => {
    const copy = Object.assign(new Error("x"), { name: "APIError", body: { code: "INVALID" } });
    expect(authErrorCode(copy)).toBe("INVALID");
  });

  it("is undefined for any other error, a code-less APIError, or no error", () => {
    expect(authErrorCode(Object.assign(new Error("x"), { body: { code: "RATE_LIMITED" } }))).toBe(
      undefined,
    );
    expect(authErrorCode(new APIError("BAD_REQUEST"))).toBe(undefined);
    expect(authErrorCode(undefined)).toBe(undefined);
    expect(authErrorCode("APIError")).toBe(undefined);
  });
});
