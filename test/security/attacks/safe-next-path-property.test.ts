import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeNextPath } from "@/lib/http/safe-next-path";

const SITE = "https://todos.example";
const runs = Number(process.env.FUZZ_RUNS ?? 1) * 2000;

/** Pieces attackers combine into a path: slashes, dot segments, backslashes, encodings, hosts. */
const piece = fc.constantFrom(
  "/",
  "//",
  ".",
  "..",
  "./",
  "../",
  "\\",
  "%2f",
  "%2F",
  "%5c",
  "%2e",
  "\t",
  "\n",
  " ",
  ":",
  "@",
  "?",
  "#",
  "evil.example",
  "https:",
  "javascript:",
  "todos",
);
const crafted = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(""));
/** Starts like a path, then mostly slashes and dot segments: where normalising can make "//". */
const pathLike = fc
  .array(fc.constantFrom("/", ".", "..", "\\", "%2f", "a", "evil.example"), { maxLength: 6 })
  .map((pieces) => `/${pieces.join("")}`);
const anyInput = fc.oneof(
  pathLike,
  crafted,
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.webPath(),
);

describe("safeNextPath: whatever it is given, it returns a path on this site", () => {
  it("never returns a protocol-relative, backslash or dot-collapsed path (/.//evil.example)", () => {
    expect(safeNextPath("/.//evil.example")).toBe("/todos");
    expect(safeNextPath("/./\t/evil.example")).toBe("/todos");
    expect(safeNextPath("/..//evil.example")).toBe("/todos");
    expect(safeNextPath("/a/..//evil.example")).toBe("/todos");
  });

  it("for any input, the output starts with one slash and resolves on this site", () => {
    fc.assert(
      fc.property(anyInput, (next) => {
        const path = safeNextPath(next);
        expect(path).toMatch(/^\/(?![/\\])/);
        expect(new URL(path, SITE).origin).toBe(SITE);
        // Resolved against the current page too (a relative Location is relative to it).
        expect(new URL(path, `${SITE}/sign-in?next=x`).origin).toBe(SITE);
      }),
      { numRuns: runs },
    );
  });

  it("keeps an ordinary same-site path as it was", () => {
    fc.assert(
      fc.property(
        fc.webPath().filter((p) => /^\/[a-z0-9]/i.test(p)),
        (path) => {
          expect(new URL(safeNextPath(path), SITE).origin).toBe(SITE);
        },
      ),
    );
    expect(safeNextPath("/todos?filter=active#top")).toBe("/todos?filter=active#top");
  });
});
