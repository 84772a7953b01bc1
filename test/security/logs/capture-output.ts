import { formatWithOptions } from "node:util";
import { vi } from "vitest";

const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug", "trace"] as const;

/**
 * Records everything the code under test prints: every console method (formatted deeper than
 * console itself would, so nested error details count too) and raw writes to stdout and stderr.
 */
export function captureOutput() {
  const chunks: string[] = [];
  const spies = CONSOLE_METHODS.map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      chunks.push(formatWithOptions({ depth: 8, colors: false }, ...args));
    }),
  );
  const writes = [process.stdout, process.stderr].map((stream) =>
    vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      return true;
    }),
  );
  return {
    text: () => chunks.join("\n"),
    restore: () => {
      for (const spy of [...spies, ...writes]) spy.mockRestore();
    },
  };
}
