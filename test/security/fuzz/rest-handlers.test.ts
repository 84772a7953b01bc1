import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { DELETE as deleteOne, PATCH } from "@/app/api/todos/[id]/route";
import { DELETE, GET, POST } from "@/app/api/todos/route";
import { POST as toggleAll } from "@/app/api/todos/toggle-all/route";
import { sessionTokenCookieName } from "@/lib/auth/cookies";
import { MAX_JSON_BYTES } from "@/lib/http/request";
import { withTestDatabase } from "@/test/database";
import { BASE_URL, type CookieJar, callAuth, createVerifiedUser, request } from "@/test/http";
import { withoutRateLimits } from "@/test/rate-limit-backend";
import {
  anyJson,
  anyString,
  anyValue,
  deeplyNestedJson,
  nastyString,
  runs,
  safeStringify,
} from "./arbitraries";

const database = withTestDatabase();
withoutRateLimits();

let jar: CookieJar;
let userId: string;
let accessJwt: string;
let otherUsersTodoId: string;

const noParams = { params: Promise.resolve({}) };
const withId = (id: string) => ({ params: Promise.resolve({ id }) });
/** The handler reads the id from its params; the URL only needs to be a valid one. */
const todoPath = (id: string) => `/api/todos/${encodeURIComponent(id.toWellFormed())}`;

/** The documented error body, nothing more: {"error":{"code","message","fields"?}}. */
const errorBody = z.strictObject({
  error: z.strictObject({
    code: z.string().regex(/^[a-z_]+$/),
    message: z.string().min(1),
    fields: z.record(z.string(), z.string()).optional(),
  }),
});

/** Never a 5xx; a refusal is a 4xx in the documented shape. Returns the parsed body. */
async function expectDocumentedAnswer(response: Response, allowed: number[]): Promise<unknown> {
  expect(allowed).toContain(response.status);
  if (response.status === 204) return undefined;
  const body = await response.json();
  if (response.status >= 400) {
    expect(response.status).toBeLessThan(500);
    expect(errorBody.safeParse(body).error).toBeUndefined();
  }
  return body;
}

/** Every todo in the database, not only the user's: a write must never touch another user's. */
async function allTodos() {
  return database()
    .selectFrom("todo")
    .select(["id", "user_id", "title", "completed", "updated_at"])
    .orderBy("id")
    .execute();
}

type Row = Awaited<ReturnType<typeof allTodos>>[number];
const without = (rows: Row[], id: string) => rows.filter((row) => row.id !== id);

/** A JSON write with an arbitrary body: given as a JSON value, raw text or raw bytes. */
async function jsonWrite(path: string, method: string, body: BodyInit, headers: HeadersInit = {}) {
  return await request(path, {
    method,
    jar,
    body,
    headers: { "content-type": "application/json", ...headers },
  });
}

const bodyText = fc.oneof(
  { weight: 4, arbitrary: anyJson.map((value) => JSON.stringify(value) ?? "null") },
  { weight: 1, arbitrary: anyString },
  { weight: 1, arbitrary: anyValue.map((value) => safeStringify(value)) },
);

/** Printable ASCII only: anything else cannot be put in a header by any client. */
const headerValue = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});

beforeAll(async () => {
  const other = await createVerifiedUser("fuzz-other@example.com");
  const theirs = await POST(
    await request("/api/todos", { method: "POST", jar: other, json: { title: "not yours" } }),
    noParams,
  );
  otherUsersTodoId = (await theirs.json()).id;

  jar = await createVerifiedUser("fuzz@example.com");
  const user = await database()
    .selectFrom("user")
    .select("id")
    .where("email", "=", "fuzz@example.com")
    .executeTakeFirstOrThrow();
  userId = user.id;
  for (const title of ["one", "two", "three"]) {
    await POST(await request("/api/todos", { method: "POST", jar, json: { title } }), noParams);
  }
  const token = await callAuth("/token", {
    headers: { authorization: `Bearer ${jar.cookies.get(sessionTokenCookieName())}` },
  });
  accessJwt = (await token.json()).token;
});

describe("fuzz: POST /api/todos", () => {
  it("answers 201 with exactly one new trimmed todo, or a documented 4xx that writes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(bodyText, async (text) => {
        const before = await allTodos();
        const response = await POST(await jsonWrite("/api/todos", "POST", text), noParams);
        const body = (await expectDocumentedAnswer(response, [201, 400, 413])) as {
          id: string;
          title: string;
        };
        const after = await allTodos();
        if (response.status !== 201) {
          expect(after).toEqual(before);
          return;
        }
        const created = after.find((row) => row.id === body.id);
        expect(without(after, body.id)).toEqual(before);
        expect(created).toMatchObject({ user_id: userId, completed: false });
        expect(created?.title).toBe(String((JSON.parse(text) as { title: string }).title).trim());
      }),
      { numRuns: runs(120) },
    );
  });

  it("answers any content type but application/json with 415 and any undecodable body with 400, writing nothing", async () => {
    const bytes = fc.uint8Array({ maxLength: 200 });
    await fc.assert(
      fc.asyncProperty(headerValue, bytes, async (type, raw) => {
        const before = await allTodos();
        const response = await POST(
          await request("/api/todos", {
            method: "POST",
            jar,
            body: raw,
            headers: { "content-type": type },
          }),
          noParams,
        );
        await expectDocumentedAnswer(response, [201, 400, 413, 415]);
        if (!/^application\/json\s*(;|$)/i.test(type)) expect(response.status).toBe(415);
        if (response.status !== 201) expect(await allTodos()).toEqual(before);
      }),
      { numRuns: runs(100) },
    );
  });

  it("answers invalid UTF-8 with 400 invalid_json", async () => {
    for (const raw of [
      [0xff],
      [0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d],
      [0xed, 0xa0, 0x80],
      [0xf8, 0x88],
    ]) {
      const response = await POST(
        await jsonWrite("/api/todos", "POST", new Uint8Array(raw)),
        noParams,
      );
      const body = await expectDocumentedAnswer(response, [400]);
      expect(body).toMatchObject({ error: { code: "invalid_json" } });
    }
  });

  it("answers 413 to bodies over the limit, huge strings and 10,000-level nesting alike, writing nothing", async () => {
    const before = await allTodos();
    const huge = [
      JSON.stringify({ title: "x".repeat(MAX_JSON_BYTES) }),
      JSON.stringify({ title: "😀".repeat(1_000_000) }),
      deeplyNestedJson(10_000, "array"),
      deeplyNestedJson(10_000, "object"),
    ];
    for (const text of huge) {
      for (const write of [
        async () => POST(await jsonWrite("/api/todos", "POST", text), noParams),
        async () => toggleAll(await jsonWrite("/api/todos/toggle-all", "POST", text), noParams),
        async () =>
          PATCH(
            await jsonWrite(`/api/todos/${before[0]?.id}`, "PATCH", text),
            withId(before[0]?.id ?? ""),
          ),
      ]) {
        const body = await expectDocumentedAnswer(await write(), [413]);
        expect(body).toMatchObject({ error: { code: "payload_too_large" } });
      }
    }
    // A lying Content-Length is not trusted: the bytes are counted.
    const lying = await POST(
      await jsonWrite("/api/todos", "POST", JSON.stringify({ title: "y".repeat(40_000) }), {
        "content-length": "10",
      }),
      noParams,
    );
    await expectDocumentedAnswer(lying, [413]);
    expect(await allTodos()).toEqual(before);
  });

  it("answers deep nesting under the size limit with 400, writing nothing", async () => {
    const before = await allTodos();
    for (const text of [deeplyNestedJson(7_000, "array"), deeplyNestedJson(1_500, "object")]) {
      expect(text.length).toBeLessThanOrEqual(MAX_JSON_BYTES);
      await expectDocumentedAnswer(
        await POST(await jsonWrite("/api/todos", "POST", text), noParams),
        [400],
      );
      await expectDocumentedAnswer(
        await toggleAll(await jsonWrite("/api/todos/toggle-all", "POST", text), noParams),
        [400],
      );
    }
    expect(await allTodos()).toEqual(before);
  });
});

describe("fuzz: PATCH and DELETE /api/todos/:id", () => {
  /** An id: one of the user's, another user's, or anything at all. */
  const idChoice = fc.oneof(
    fc.nat().map((n) => ({ kind: "mine" as const, n })),
    fc.constant({ kind: "theirs" as const, n: 0 }),
    fc.uuid().map((id) => ({ kind: "random" as const, id })),
    nastyString.map((id) => ({ kind: "random" as const, id })),
  );
  function pickId(choice: { kind: string; n?: number; id?: string }, mine: Row[]): string {
    if (choice.kind === "mine")
      return mine[(choice.n ?? 0) % Math.max(1, mine.length)]?.id ?? "none";
    return choice.kind === "theirs" ? otherUsersTodoId : (choice.id ?? "");
  }

  it("PATCH changes exactly the fields it was given on the user's own todo, or answers a documented 4xx that writes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(idChoice, bodyText, async (choice, text) => {
        const before = await allTodos();
        const id = pickId(
          choice,
          before.filter((row) => row.user_id === userId),
        );
        const response = await PATCH(await jsonWrite(todoPath(id), "PATCH", text), withId(id));
        await expectDocumentedAnswer(response, [200, 400, 404, 413]);
        const after = await allTodos();
        if (response.status !== 200) {
          expect(after).toEqual(before);
          return;
        }
        const patch = JSON.parse(text) as { title?: string; completed?: boolean };
        const old = before.find((row) => row.id === id);
        expect(old?.user_id).toBe(userId);
        expect(without(after, id)).toEqual(without(before, id));
        expect(after.find((row) => row.id === id)).toMatchObject({
          title: patch.title === undefined ? old?.title : patch.title.trim(),
          completed: patch.completed ?? old?.completed,
        });
      }),
      { numRuns: runs(120) },
    );
  });

  it("DELETE removes exactly the user's own todo, or answers 404 and removes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(idChoice, async (choice) => {
        const before = await allTodos();
        const id = pickId(
          choice,
          before.filter((row) => row.user_id === userId),
        );
        const response = await deleteOne(
          await request(todoPath(id), { method: "DELETE", jar }),
          withId(id),
        );
        await expectDocumentedAnswer(response, [204, 404]);
        const after = await allTodos();
        if (response.status === 404) {
          expect(after).toEqual(before);
          return;
        }
        expect(before.find((row) => row.id === id)?.user_id).toBe(userId);
        expect(after).toEqual(without(before, id));
        // Keep a few todos around for the next runs.
        await POST(
          await request("/api/todos", { method: "POST", jar, json: { title: "again" } }),
          noParams,
        );
      }),
      { numRuns: runs(60) },
    );
  });
});

describe("fuzz: toggle-all, list and clear-completed", () => {
  it("POST /api/todos/toggle-all sets every own todo to the boolean it was given, or writes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(bodyText, async (text) => {
        const before = await allTodos();
        const response = await toggleAll(
          await jsonWrite("/api/todos/toggle-all", "POST", text),
          noParams,
        );
        await expectDocumentedAnswer(response, [200, 400, 413]);
        const after = await allTodos();
        if (response.status !== 200) {
          expect(after).toEqual(before);
          return;
        }
        const { completed } = JSON.parse(text) as { completed: boolean };
        for (const row of after) {
          const old = before.find((b) => b.id === row.id);
          if (row.user_id === userId) expect(row.completed).toBe(completed);
          else expect(row).toEqual(old);
        }
      }),
      { numRuns: runs(60) },
    );
  });

  it("GET /api/todos answers any query string with a page of the user's own todos or a documented 400", async () => {
    const query = fc.oneof(
      fc.dictionary(
        fc.oneof(fc.constantFrom("filter", "cursor", "limit"), nastyString),
        anyString,
        {
          maxKeys: 4,
        },
      ),
      fc.record(
        {
          filter: fc.oneof(fc.constantFrom("all", "active", "completed"), nastyString),
          limit: fc.oneof(fc.integer({ min: -5, max: 300 }).map(String), nastyString),
          cursor: fc.oneof(
            nastyString,
            fc.string().map((s) => Buffer.from(s).toString("base64url")),
          ),
        },
        { requiredKeys: [] },
      ),
    );
    const mine = new Set((await allTodos()).filter((r) => r.user_id === userId).map((r) => r.id));
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        const url = new URL("/api/todos", BASE_URL);
        for (const [key, value] of Object.entries(params)) url.searchParams.append(key, value);
        const response = await GET(await request(url.pathname + url.search, { jar }), noParams);
        const body = (await expectDocumentedAnswer(response, [200, 400])) as {
          todos: { id: string }[];
          nextCursor: string | null;
        };
        if (response.status !== 200) return;
        expect(body.todos.length).toBeLessThanOrEqual(200);
        for (const todo of body.todos) expect(mine.has(todo.id)).toBe(true);
      }),
      { numRuns: runs(150) },
    );
  });

  it("DELETE /api/todos clears completed todos only for ?completed=true, and nothing on any other query", async () => {
    const query = fc.dictionary(fc.oneof(fc.constant("completed"), nastyString), nastyString, {
      maxKeys: 3,
    });
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        const before = await allTodos();
        const url = new URL("/api/todos", BASE_URL);
        for (const [key, value] of Object.entries(params)) url.searchParams.append(key, value);
        const response = await DELETE(
          await request(url.pathname + url.search, { method: "DELETE", jar }),
          noParams,
        );
        await expectDocumentedAnswer(response, [200, 400]);
        const after = await allTodos();
        if (response.status !== 200) {
          expect(after).toEqual(before);
          return;
        }
        expect(url.searchParams.get("completed")).toBe("true");
        expect(after).toEqual(before.filter((row) => row.user_id !== userId || !row.completed));
      }),
      { numRuns: runs(60) },
    );
  });
});

describe("fuzz: authentication of /api/todos", () => {
  it("answers any Authorization header but a valid access JWT with a documented 401, writing nothing", async () => {
    const [header, payload, signature] = accessJwt.split(".");
    const authorization = fc.oneof(
      headerValue,
      headerValue.map((value) => `Bearer ${value}`),
      fc
        .tuple(nastyString, nastyString, nastyString)
        .map(
          (parts) => `Bearer ${parts.map((p) => Buffer.from(p).toString("base64url")).join(".")}`,
        ),
      // The real token with one part swapped for arbitrary bytes.
      fc
        .tuple(fc.nat({ max: 2 }), fc.uint8Array({ minLength: 1, maxLength: 64 }))
        .map(([part, bytes]) => {
          const parts = [header, payload, signature];
          parts[part] = Buffer.from(bytes).toString("base64url");
          return `Bearer ${parts.join(".")}`;
        }),
    );
    await fc.assert(
      fc.asyncProperty(authorization, async (value) => {
        const before = await allTodos();
        const response = await POST(
          new Request(new URL("/api/todos", BASE_URL), {
            method: "POST",
            headers: { authorization: value, "content-type": "application/json" },
            body: JSON.stringify({ title: "forged" }),
          }),
          noParams,
        );
        await expectDocumentedAnswer(response, [401]);
        expect(await allTodos()).toEqual(before);
      }),
      { numRuns: runs(150) },
    );
  });

  it("answers arbitrary cookies with a documented 401, writing nothing", async () => {
    const cookie = fc.oneof(
      headerValue,
      headerValue.map((value) => `${sessionTokenCookieName()}=${value}`),
    );
    await fc.assert(
      fc.asyncProperty(cookie, async (value) => {
        const before = await allTodos();
        const response = await POST(
          new Request(new URL("/api/todos", BASE_URL), {
            method: "POST",
            headers: { cookie: value, origin: BASE_URL, "content-type": "application/json" },
            body: JSON.stringify({ title: "forged" }),
          }),
          noParams,
        );
        await expectDocumentedAnswer(response, [401]);
        expect(await allTodos()).toEqual(before);
      }),
      { numRuns: runs(80) },
    );
  });
});
