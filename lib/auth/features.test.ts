import type { BetterAuthPlugin } from "better-auth";
import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser } from "@/test/http";
import { auth } from ".";
import { features } from "./features";

withTestDatabase();

const table = () => features("http://localhost:3000");
const tableIds = () => table().map((row) => row.plugin.id);

type Hook = { handler: (ctx: unknown) => Promise<unknown> };

/** Wraps every hook Better Auth will run so each notes its plugin's id, before-hooks and after-hooks apart. */
async function recordHookRuns() {
  const runs = { before: [] as string[], after: [] as string[] };
  const { options } = await auth().$context;
  for (const plugin of (options.plugins ?? []) as BetterAuthPlugin[]) {
    for (const kind of ["before", "after"] as const) {
      for (const hook of (plugin.hooks?.[kind] ?? []) as Hook[]) {
        const run = hook.handler;
        hook.handler = async (ctx) => {
          runs[kind].push(plugin.id);
          return run(ctx);
        };
      }
    }
  }
  return runs;
}

/** The ids in the order they first ran. */
const firstRuns = (ids: string[]) => ids.filter((id, index) => ids.indexOf(id) === index);

describe("the running order of Better Auth's plugins (lib/auth/features.ts)", () => {
  it("builds auth() with exactly the table's plugins, in the table's order", () => {
    expect(auth().options.plugins?.map((plugin) => plugin.id)).toEqual(tableIds());
  });

  it("runs every feature after the ones its reason names", () => {
    const ids = tableIds();
    for (const row of table()) {
      for (const earlier of row.after) {
        expect(ids, `${row.plugin.id} must run after ${earlier}`).toContain(earlier);
        expect(
          ids.indexOf(earlier),
          `${row.plugin.id} must run after ${earlier}: ${row.why}`,
        ).toBeLessThan(ids.indexOf(row.plugin.id));
      }
    }
  });

  it("runs a sign-in's hooks in the table's order", async () => {
    await createVerifiedUser("order@example.com");
    const runs = await recordHookRuns();
    const signIn = await callAuth("/sign-in/email", {
      method: "POST",
      jar: new CookieJar(),
      json: { email: "order@example.com", password: "correct horse battery" },
    });
    expect(signIn.status).toBe(200);
    const ids = tableIds();
    for (const kind of ["before", "after"] as const) {
      const ran = firstRuns(runs[kind]);
      // Each feature's hooks run together, and the features one after another as the table lists them.
      expect(runs[kind]).toEqual(ran.flatMap((id) => runs[kind].filter((run) => run === id)));
      expect(ran).toEqual(ids.filter((id) => ran.includes(id)));
    }
    expect(firstRuns(runs.before)).toEqual(
      expect.arrayContaining(["request-bounds", "session-rotation", "sign-in-limits"]),
    );
    expect(firstRuns(runs.after)).toEqual(
      expect.arrayContaining(["session-rotation", "session-tokens", "notices", "sign-in-limits"]),
    );
  });
});
