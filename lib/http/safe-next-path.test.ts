import { describe, expect, it } from "vitest";
import { safeNextPath } from "./safe-next-path";

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
