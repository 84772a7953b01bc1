import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { SERVER_ACTION_MODULES } from "@/app/server-actions";
import { auth } from "@/lib/auth";
import { withTestDatabase } from "@/test/database";
import {
  AUTH_ENDPOINTS,
  AUTH_GET_ENDPOINTS,
  authEndpointOperation,
  authRoutePattern,
  isExempt,
  OPERATIONS,
} from "./operations";

withTestDatabase();

const root = join(__dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("the table of protected operations", () => {
  for (const [method, table, name] of [
    ["POST", AUTH_ENDPOINTS, "AUTH_ENDPOINTS"],
    ["GET", AUTH_GET_ENDPOINTS, "AUTH_GET_ENDPOINTS"],
  ] as const) {
    it(`names every ${method} endpoint Better Auth serves, as an operation or an exemption`, () => {
      const endpoints = Object.values(
        auth().api as Record<string, { path?: string; options?: { method?: unknown } }>,
      )
        .filter(({ path, options }) => path && [options?.method].flat().includes(method))
        .map(({ path }) => path as string);
      expect(endpoints.length).toBeGreaterThan(10);
      const missing = endpoints.filter((path) => !Object.hasOwn(table, path));
      expect(missing, `add these to ${name} in lib/rate-limit/operations.ts`).toEqual([]);
      const stale = Object.keys(table).filter((path) => !endpoints.includes(path));
      expect(stale, `these are no longer Better Auth ${method} endpoints`).toEqual([]);
    });
  }

  it('lists every "use server" module of the app', () => {
    const modules = ["app", "lib", "components"]
      .flatMap((dir) => sourceFiles(join(root, dir)))
      .filter((path) => /^\s*["']use server["']/.test(readFileSync(path, "utf8")))
      .map((path) => relative(root, path))
      .sort();
    expect(modules).toEqual(Object.keys(SERVER_ACTION_MODULES).sort());
  });

  it("knows the operation of every server action, or that it is exempt", () => {
    for (const [file, exports] of Object.entries(SERVER_ACTION_MODULES)) {
      for (const [name, value] of Object.entries(exports)) {
        const operation = (value as { operation?: unknown }).operation;
        const known =
          operation === null ||
          (typeof operation === "string" && Object.hasOwn(OPERATIONS, operation));
        expect(known, `${file} ${name}: declare it with protectedAction or formAction`).toBe(true);
      }
    }
  });

  it("gives every exemption a reason and every operation a rule", () => {
    for (const entry of [...Object.values(AUTH_ENDPOINTS), ...Object.values(AUTH_GET_ENDPOINTS)]) {
      if (isExempt(entry)) expect(entry.exempt.length).toBeGreaterThan(10);
    }
    for (const [name, operation] of Object.entries(OPERATIONS)) {
      const rules = ["ip", "user", "session", "account"].filter((kind) => kind in operation);
      expect(rules, name).not.toEqual([]);
    }
  });

  it("classifies a request by its route pattern, never by a prefix or a look-alike", () => {
    expect(authEndpointOperation(authRoutePattern("/reset-password/abc123", "GET"), "GET")).toBe(
      "emailLinkOpened",
    );
    expect(authRoutePattern("/reset-password/", "GET")).toBe("/reset-password/");
    expect(authRoutePattern("/reset-password/a/b", "GET")).toBe("/reset-password/a/b");
    expect(authEndpointOperation("/get-session", "GET")).toBe("sessionRenewal");
    expect(authEndpointOperation("/token", "GET")).toBe("sessionRenewal");
  });
});
