import { describe, expect, it } from "vitest";
import { isGuestOnlyPath, isProtectedPath, safeNextPath } from "./routes";

describe("safeNextPath", () => {
  it("keeps a same-site path with its query", () => {
    expect(safeNextPath("/todos?filter=active")).toBe("/todos?filter=active");
    expect(safeNextPath("/settings/sessions")).toBe("/settings/sessions");
  });

  it("refuses anything that could leave the site", () => {
    for (const next of [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "javascript:alert(1)",
      "evil.example",
      "",
      null,
      undefined,
    ]) {
      expect(safeNextPath(next)).toBe("/todos");
    }
  });
});

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
