import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/todos/route";
import { withTestDatabase } from "@/test/database";
import { type CookieJar, createVerifiedUser, request } from "@/test/http";
import { actAs } from "@/test/security/next-request";
import { todoFormAction, todoRowFormAction } from "./actions";

// The action runs in-process as in a request from the signed-in browser (Next's request scope and
// cache are the boundary), on a real database.
vi.mock("next/headers", () => import("@/test/security/next-request"));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

withTestDatabase();

let jar: CookieJar;

beforeAll(async () => {
  jar = await createVerifiedUser("no-script@example.com");
});

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

async function titles() {
  const res = await GET(await request("/api/todos", { jar }), { params: Promise.resolve({}) });
  return ((await res.json()).todos as { title: string }[]).map((todo) => todo.title);
}

describe("the todo form posted without JavaScript", () => {
  it("answers an empty or over-long title with the message for the title field, saving nothing", async () => {
    actAs(jar);
    for (const [title, message] of [
      ["   ", "Title cannot be empty"],
      ["x".repeat(501), "Title must be at most 500 characters"],
    ] as const) {
      const result = await todoFormAction({ ok: true }, form({ intent: "create", title }));
      expect(result).toEqual({ ok: false, error: message, fields: { title: message } });
    }
    expect(await titles()).toEqual([]);
  });

  it("saves a valid title and answers ok", async () => {
    actAs(jar);
    expect(await todoFormAction({ ok: true }, form({ intent: "create", title: " milk " }))).toEqual(
      {
        ok: true,
      },
    );
    expect(await titles()).toEqual(["milk"]);
  });
});

describe("a row's form posted without JavaScript", () => {
  it("comes back to the list with its message when refused, and saves nothing", async () => {
    actAs(jar);
    const before = await titles();
    const refused = todoRowFormAction(form({ intent: "toggle", id: "not-a-todo", completed: "x" }));
    await expect(refused).rejects.toMatchObject({
      digest: expect.stringContaining("/todos?unsaved=1"),
    });
    expect(await titles()).toEqual(before);
  });

  it("saves a valid change without leaving a message", async () => {
    actAs(jar);
    await todoFormAction({ ok: true }, form({ intent: "create", title: "bread" }));
    const [saved] = await (
      await GET(await request("/api/todos", { jar }), { params: Promise.resolve({}) })
    )
      .json()
      .then((body: { todos: { id: string }[] }) => body.todos);
    await expect(
      todoRowFormAction(form({ intent: "toggle", id: saved?.id ?? "", completed: "true" })),
    ).resolves.toBeUndefined();
  });
});
