import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/sessions/actor";
import { withTestDatabase } from "@/test/database";
import { clearCompleted, createTodo, loadTodoPage, toggleAll, updateTodo } from "./queries";

// Offline edits come back as replays carrying the time they were made (`at`): these are the rules
// that make the result the same whatever order the devices come back in.

const getDb = withTestDatabase();
const laptop: Actor = { userId: "sync-user", sessionId: "sync-laptop" };

beforeAll(async () => {
  await getDb()
    .insertInto("user")
    .values({
      id: laptop.userId,
      name: "Sync",
      email: "sync@example.com",
      emailVerified: true,
      image: null,
    })
    .execute();
  await getDb()
    .insertInto("session")
    .values({
      id: laptop.sessionId,
      userId: laptop.userId,
      token: "token-sync-laptop",
      expiresAt: new Date(Date.now() + 86_400_000),
      ipAddress: null,
      userAgent: null,
      updatedAt: new Date(),
    })
    .execute();
});

const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
const list = async () => (await loadTodoPage(laptop, { filter: "all", limit: 200 })).todos;
const find = async (id: string) => (await list()).find((todo) => todo.id === id);

/** A todo saved two minutes ago: the offline edits below were all made after it. */
async function createOld(title: string) {
  const todo = await createTodo(laptop, title);
  await getDb()
    .updateTable("todo")
    .set({ title_updated_at: ago(120), completed_updated_at: ago(120), updated_at: ago(120) })
    .where("id", "=", todo.id)
    .execute();
  return todo;
}

describe("replaying offline changes", () => {
  it("a repeated create with the same id answers the saved todo and adds nothing", async () => {
    const id = crypto.randomUUID();
    const first = await createTodo(laptop, "Pack charger", id);
    const again = await createTodo(laptop, "Pack charger", id);
    expect(again).toEqual(first);
    expect((await list()).filter((todo) => todo.id === id)).toHaveLength(1);
  });

  it("keeps the newer edit of each field, whichever device replays first", async () => {
    for (const order of ["phone first", "laptop first"] as const) {
      const { id } = await createOld("Buy milk");
      const phoneEdit = () => updateTodo(laptop, id, { title: "Buy oat milk" }, ago(20));
      const laptopEdits = () =>
        updateTodo(laptop, id, { title: "Buy soy milk", completed: true }, ago(10));
      if (order === "phone first") {
        await phoneEdit();
        await laptopEdits();
      } else {
        await laptopEdits();
        await phoneEdit();
      }
      expect(await find(id), order).toMatchObject({ title: "Buy soy milk", completed: true });
    }
  });

  it("merges per field: an older title edit still lands beside a newer toggle", async () => {
    const { id } = await createOld("Call mum");
    await updateTodo(laptop, id, { completed: true }, ago(5));
    const merged = await updateTodo(laptop, id, { title: "Call mum back" }, ago(30));
    expect(merged).toMatchObject({ title: "Call mum back", completed: true });
  });

  it("a stale or repeated replay changes nothing and answers the todo as it stands", async () => {
    const { id } = await createOld("Water plants");
    const at = ago(15);
    const applied = await updateTodo(laptop, id, { title: "Water the plants" }, at);
    const repeated = await updateTodo(laptop, id, { title: "Water the plants" }, at);
    expect(repeated).toEqual(applied);
    const stale = await updateTodo(laptop, id, { title: "Old title" }, ago(60));
    expect(stale?.title).toBe("Water the plants");
  });

  it("breaks a tie in time by the value, so both devices end the same", async () => {
    const at = ago(8);
    const a = await createOld("tie");
    const b = await createOld("tie");
    await updateTodo(laptop, a.id, { title: "apple" }, at);
    await updateTodo(laptop, a.id, { title: "banana" }, at);
    await updateTodo(laptop, b.id, { title: "banana" }, at);
    await updateTodo(laptop, b.id, { title: "apple" }, at);
    expect((await find(a.id))?.title).toBe("banana");
    expect((await find(b.id))?.title).toBe("banana");
  });

  it("never lets a device clock set ahead win every later edit", async () => {
    const { id } = await createOld("Clock");
    await updateTodo(laptop, id, { title: "from the future" }, new Date(Date.now() + 86_400_000));
    await updateTodo(laptop, id, { title: "edited just now" });
    expect((await find(id))?.title).toBe("edited just now");
  });

  it("a replayed toggle-all leaves todos toggled after it as they are", async () => {
    const older = await createOld("toggled before");
    const newer = await createOld("toggled after");
    await updateTodo(laptop, newer.id, { completed: false }, ago(1));
    await toggleAll(laptop, true, ago(3));
    expect((await find(older.id))?.completed).toBe(true);
    expect((await find(newer.id))?.completed).toBe(false);
  });

  it("a replayed clear-completed removes only what was completed by then", async () => {
    const done = await createOld("done long ago");
    await updateTodo(laptop, done.id, { completed: true }, ago(40));
    const justDone = await createOld("done since");
    await updateTodo(laptop, justDone.id, { completed: true }, ago(1));
    await clearCompleted(laptop, ago(20));
    expect(await find(done.id)).toBeUndefined();
    expect((await find(justDone.id))?.completed).toBe(true);
    expect(await clearCompleted(laptop, ago(20))).toBe(0);
  });
});
