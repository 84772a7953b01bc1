import { sql } from "kysely";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { todoAction } from "@/app/(app)/todos/actions";
import { signUpAction } from "@/app/(auth)/actions";
import { PATCH } from "@/app/api/todos/[id]/route";
import { GET, POST } from "@/app/api/todos/route";
import { CookieJar, callAuth, createVerifiedUser, request } from "@/test/http";
import { actAs } from "@/test/security/next-request";
import { withStoppablePostgres } from "./stoppable-postgres";

vi.mock("next/headers", () => import("@/test/security/next-request"));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const noParams = { params: Promise.resolve({}) };
const withId = (id: string) => ({ params: Promise.resolve({ id }) });

/** 503, the documented error shape, plain words: nothing of the driver's error, address or stack. */
async function expectUnavailable(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get("retry-after")).toBe("5");
  const body = await response.json();
  expect(body).toEqual({ error: { code: "unavailable", message: expect.any(String) } });
  expect(body.error.message).toMatch(/temporarily unavailable/);
  expect(JSON.stringify(body)).not.toMatch(/websocket|ECONNREFUSED|terminated|127\.0\.0\.1|at \w/i);
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

describe.runIf(Boolean(process.env.TEST_DATABASE_URL))("Postgres unreachable (Neon driver)", () => {
  const database = withStoppablePostgres();
  let jar: CookieJar;
  let bearer: Record<string, string>;
  let existingId: string;

  beforeAll(async () => {
    jar = await createVerifiedUser("outage@example.com");
    const token = await callAuth("/token", { jar });
    bearer = { authorization: `Bearer ${(await token.json()).token}` };
    const created = await POST(
      await request("/api/todos", { method: "POST", jar, json: { title: "before" } }),
      noParams,
    );
    existingId = ((await created.json()) as { id: string }).id;
  });

  async function whileDown(run: () => Promise<void>) {
    vi.spyOn(console, "error").mockImplementation(() => {});
    await database().stop();
    try {
      await run();
    } finally {
      await database().start();
      vi.restoreAllMocks();
    }
  }

  it("a browser's REST reads and writes answer 503 in the documented error shape", async () => {
    await whileDown(async () => {
      await expectUnavailable(await GET(await request("/api/todos", { jar }), noParams));
      await expectUnavailable(
        await POST(
          await request("/api/todos", { method: "POST", jar, json: { title: "lost" } }),
          noParams,
        ),
      );
    });
  });

  it("a bearer device gets 503, not 401 invalid_token, so it keeps its access token", async () => {
    await whileDown(async () => {
      await expectUnavailable(
        await GET(await request("/api/todos", { headers: bearer }), noParams),
      );
      await expectUnavailable(
        await PATCH(
          await request(`/api/todos/${existingId}`, {
            method: "PATCH",
            headers: bearer,
            json: { completed: true },
          }),
          withId(existingId),
        ),
      );
    });
  });

  it("a todo server action returns a plain 'not saved, try again' message instead of throwing", async () => {
    await whileDown(async () => {
      actAs(jar);
      const result = await todoAction(form({ intent: "create", title: "lost too" }));
      expect(result).toEqual({
        ok: false,
        error: "We could not reach the database. Your change was not saved; try again.",
      });
    });
  });

  it("the sign-up form says to try again, keeps what was typed and never shows the raw error", async () => {
    await whileDown(async () => {
      actAs(undefined);
      const state = await signUpAction(
        { status: "idle" },
        form({ name: "Di", email: "di@example.com", password: "correct horse battery" }),
      );
      expect(state).toMatchObject({
        status: "error",
        message: expect.stringMatching(/try again/i),
        values: { name: "Di", email: "di@example.com" },
      });
      expect(JSON.stringify(state)).not.toMatch(/websocket|terminated|ECONN|correct horse/i);
    });
  });

  it("a device renewing its access JWT during the outage keeps its session cookie and renews once the database is back", async () => {
    const SESSION = "better-auth.session_token";
    const device = new CookieJar();
    device.cookies.set(SESSION, jar.cookies.get(SESSION) ?? "");
    await whileDown(async () => {
      const renewal = await callAuth("/get-session", { jar: device });
      expect(renewal.status).toBeGreaterThanOrEqual(500);
      expect(renewal.headers.getSetCookie().join("\n")).not.toContain(SESSION);
      expect(device.cookies.get(SESSION)).toBe(jar.cookies.get(SESSION));
    });
    const renewed = await callAuth("/get-session", { jar: device });
    expect((await renewed.json())?.user?.email).toBe("outage@example.com");
    // The rotated token is the browser's now too, or the next renewal would look like token reuse.
    jar.store(renewed);
  });

  it("the connection dropping in the middle of sign-up's transaction leaves no user behind, and a retry signs up", async () => {
    // While the proxy is up, the test looks through the app's own pool (it has connections to spare).
    const { db } = database();
    const email = "mid-transaction@example.com";
    // Holds sign-up inside its transaction (user written, account on its way) long enough to cut it.
    await sql`create or replace function slow_insert() returns trigger language plpgsql as $$
      begin perform pg_sleep(1); return new; end $$`.execute(db);
    await sql`create trigger slow_account before insert on account
      for each row execute function slow_insert()`.execute(db);
    const signUp = () =>
      callAuth("/sign-up/email", {
        method: "POST",
        json: { name: "Mid", email, password: "correct horse battery" },
      });
    try {
      vi.spyOn(console, "error").mockImplementation(() => {});
      const pending = signUp();
      await vi.waitFor(
        async () => {
          const active = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
            where datname = current_database() and state = 'active'
              and query ilike 'insert into "account"%'`.execute(db);
          expect(active.rows[0]?.n).toBe(1);
        },
        { timeout: 5000, interval: 50 },
      );
      await database().stop();
      expect((await pending).status).toBeGreaterThanOrEqual(500);
    } finally {
      await database().start();
      // The first query may still meet a pooled connection that died with the proxy: retry it.
      await vi.waitFor(() => sql`drop trigger if exists slow_account on account`.execute(db), {
        timeout: 5000,
      });
      vi.restoreAllMocks();
    }
    const users = await sql<{ n: number }>`select count(*)::int as n from "user"
      where email = ${email}`.execute(db);
    expect(users.rows[0]?.n).toBe(0);
    expect((await signUp()).status).toBe(200);
  });

  it("recovers by itself once the database is back, with nothing from the outage written", async () => {
    // Same process, same pool: no restart.
    const list = await GET(await request("/api/todos", { jar }), noParams);
    expect(list.status).toBe(200);
    const { todos } = (await list.json()) as { todos: { title: string; completed: boolean }[] };
    expect(todos).toEqual([expect.objectContaining({ title: "before", completed: false })]);
    const users = await sql<{ n: number }>`select count(*)::int as n from "user"
      where email = 'di@example.com'`.execute(database().db);
    expect(users.rows[0]?.n).toBe(0);

    const after = await POST(
      await request("/api/todos", { method: "POST", headers: bearer, json: { title: "after" } }),
      noParams,
    );
    expect(after.status).toBe(201);
    actAs(jar);
    expect(await todoAction(form({ intent: "create", title: "after, by form" }))).toEqual({
      ok: true,
    });
    actAs(undefined);
    await expect(
      signUpAction(
        { status: "idle" },
        form({ name: "Di", email: "di@example.com", password: "correct horse battery" }),
      ),
    ).rejects.toThrow(/NEXT_REDIRECT/);
  });
});
