import { describe, expect, it } from "vitest";
import { isGuestOnlyPath, isProtectedPath } from "./routes";

describe("route classes", () => {
  it("protects /todos and /settings/** only", () => {
    expect(isProtectedPath("/todos")).toBe(true);
    expect(isProtectedPath("/settings/sessions")).toBe(true);
    expect(isProtectedPath("/todosx")).toBe(false);
    expect(isProtectedPath("/sign-in")).toBe(false);
  });

  it("sends signed-in users away from /, /sign-in and /sign-up", () => {
    expect(["/", "/sign-in", "/sign-up"].every(isGuestOnlyPath)).toBe(true);
    expect(isGuestOnlyPath("/todos")).toBe(false);
  });
});
