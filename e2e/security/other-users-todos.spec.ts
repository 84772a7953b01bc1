import type { Browser, Page } from "@playwright/test";
import { expect, test } from "../fixtures";
import { signedInThroughApi } from "../helpers";
import { formWith, postForm } from "./forms";

type Todo = { id: string; title: string; completed: boolean; updatedAt: string };

const listTodos = async (page: Page) =>
  (await (await page.request.get("/api/todos")).json()).todos as Todo[];

async function signedInUser(browser: Browser, baseURL: string, prefix: string, ip: string) {
  const context = await browser.newContext({ baseURL, extraHTTPHeaders: { "x-real-ip": ip } });
  const page = await context.newPage();
  await signedInThroughApi(page, prefix);
  return { context, page };
}

test.describe("another user's todos through the server actions and pages", () => {
  test("toggle, rename, delete and create-with-their-id posted with another user's todo id change nothing", async ({
    page,
    browser,
    baseURL,
  }) => {
    await signedInThroughApi(page, "owner");
    for (const title of ["private one", "private two"]) {
      await page.request.post("/api/todos", { data: { title } });
    }
    const [first] = await listTodos(page);
    await page.request.patch(`/api/todos/${first?.id}`, { data: { completed: true } });
    const owners = await listTodos(page);

    const intruder = await signedInUser(browser, baseURL ?? "", "intruder", "198.51.100.77");
    await intruder.page.request.post("/api/todos", { data: { title: "intruder's own" } });
    const intrudersOwn = (await listTodos(intruder.page))[0]?.id ?? "";
    const renameForm = await formWith(intruder.page, `/todos/${intrudersOwn}/edit`, {
      intent: "rename",
    });
    const form = await formWith(intruder.page, "/todos", { intent: "create" });
    // The fields React renders to name the action (and, for a useActionState form, its state).
    const actionId = form.filter(([name]) => name.startsWith("$ACTION_"));
    const origin = baseURL ?? "";
    for (const todo of owners) {
      for (const fields of [
        { intent: "toggle", id: todo.id, completed: String(!todo.completed) },
        { intent: "rename", id: todo.id, title: "renamed by intruder" },
        { intent: "delete", id: todo.id },
        { intent: "create", id: todo.id, title: "overwritten by intruder" },
      ] as Record<string, string>[]) {
        const res = await postForm(intruder.page, "/todos", actionId, fields, { origin });
        expect(res.status()).toBeLessThan(500);
      }
    }
    // The rename page's own action (taken from the intruder's own todo), with the owner's ids.
    for (const todo of owners) {
      await postForm(
        intruder.page,
        `/todos/${intrudersOwn}/edit`,
        renameForm,
        { id: todo.id, title: "renamed by intruder" },
        { origin },
      );
    }
    // Whole-list actions from the intruder touch only the intruder's rows.
    for (const fields of [
      { intent: "toggle-all", completed: "true" },
      { intent: "clear-completed" },
      { intent: "toggle-all", completed: "false" },
    ] as Record<string, string>[]) {
      await postForm(intruder.page, "/todos", actionId, fields, { origin });
    }
    // The same posts did act on the intruder's own todo: completed by toggle-all, then cleared.
    expect(await listTodos(intruder.page)).toEqual([]);

    expect(await listTodos(page)).toEqual(owners);
    const seen = (await listTodos(intruder.page)).map((t) => t.title);
    expect(seen).not.toContain("private one");
    expect(seen).not.toContain("private two");
    expect(seen).not.toContain("overwritten by intruder");
    await intruder.context.close();
  });

  test("the rename page of another user's todo is a 404 and shows nothing of it", async ({
    page,
    browser,
    baseURL,
  }) => {
    await signedInThroughApi(page, "owner-page");
    await page.request.post("/api/todos", { data: { title: "secret title" } });
    const [todo] = await listTodos(page);
    const own = await page.goto(`/todos/${todo?.id}/edit`);
    expect(own?.status()).toBe(200);

    const intruder = await signedInUser(browser, baseURL ?? "", "intruder-page", "198.51.100.78");
    const res = await intruder.page.goto(`/todos/${todo?.id}/edit`);
    expect(res?.status()).toBe(404);
    await expect(intruder.page.getByText("secret title")).toHaveCount(0);
    expect(await res?.text()).not.toContain("secret title");
    await intruder.context.close();
  });
});
