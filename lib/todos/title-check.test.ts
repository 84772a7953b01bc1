import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyString, runs } from "@/test/security/fuzz/arbitraries";
import { todoTitle } from "./schema";
import { TITLE_MAX_LENGTH, titleProblem } from "./title-check";

const verdictOfSchema = (title: string) => todoTitle.safeParse(title).error?.issues[0]?.message;

describe("titleProblem (the browser's title check)", () => {
  it("refuses exactly what the server's schema refuses, with the same message", () => {
    const near = fc
      .tuple(fc.integer({ min: TITLE_MAX_LENGTH - 2, max: TITLE_MAX_LENGTH + 2 }), anyString)
      .map(([length, s]) => `  ${"é".repeat(length)}${s.slice(0, 1)}  `);
    fc.assert(
      fc.property(
        fc.oneof(anyString, near, fc.constantFrom("", "   ", "\u0000", "a\ud800")),
        (t) => {
          expect(titleProblem(t)).toBe(verdictOfSchema(t));
        },
      ),
      { numRuns: runs(500) },
    );
  });
});
