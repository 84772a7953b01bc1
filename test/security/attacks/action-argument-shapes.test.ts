import { describe, expect, it, vi } from "vitest";
import { SERVER_ACTION_MODULES } from "@/app/server-actions";
import { withTestDatabase } from "@/test/database";
import { createVerifiedUser } from "@/test/http";
import { withRateLimitBackend } from "@/test/rate-limit-backend";
import { actAs } from "@/test/security/next-request";

vi.mock("next/headers", () => import("@/test/security/next-request"));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const getDb = withTestDatabase();
withRateLimitBackend();

// A client posting an action id with its own body decides the arguments: React decodes any shape.
const SHAPES: [string, unknown[]][] = [
  ["no arguments", []],
  ["a string", ["intent=create&title=x"]],
  ["a number", [42]],
  ["null", [null]],
  ["a plain object", [{ intent: "create", title: "x", id: "x", get: "x" }]],
  ["a Map", [new Map([["intent", "create"]])]],
  ["an array", [["intent", "create"]]],
  ["a state, then a string", [{ status: "idle" }, "x"]],
  ["a state, then an object", [{ status: "idle" }, { get: 1, has: 1 }]],
  ["two nulls", [null, null]],
];

let ipCounter = 0;
const freshIp = () => `203.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

/** Next answers a redirect thrown by an action; any other throw is a 500 to the client. */
const isRedirect = (error: unknown) =>
  error instanceof Error &&
  String((error as { digest?: unknown }).digest).startsWith("NEXT_REDIRECT");

const actions = Object.entries(SERVER_ACTION_MODULES).flatMap(([file, exports]) =>
  Object.entries(exports)
    .filter(([, value]) => typeof value === "function")
    .map(
      ([name, action]) => [`${file} ${name}`, action as (...args: unknown[]) => unknown] as const,
    ),
);

describe("every server action, posted with arguments of any shape by a signed-in client", () => {
  it.each(actions)(
    "%s answers or redirects, never throws, and writes nothing",
    async (_name, action) => {
      const email = `shapes-${++ipCounter}@example.com`;
      const jar = await createVerifiedUser(email);
      const { id: userId } = await getDb()
        .selectFrom("user")
        .select("id")
        .where("email", "=", email)
        .executeTakeFirstOrThrow();
      for (const [shape, args] of SHAPES) {
        actAs(jar, { "x-real-ip": freshIp() });
        const outcome = await Promise.resolve()
          .then(() => action(...args))
          .then(
            () => "answered",
            (error: unknown) => (isRedirect(error) ? "redirected" : `threw ${String(error)}`),
          );
        expect(["answered", "redirected"], shape).toContain(outcome);
      }
      const todos = await getDb()
        .selectFrom("todo")
        .select("id")
        .where("user_id", "=", userId)
        .execute();
      expect(todos).toEqual([]);
    },
  );
});
