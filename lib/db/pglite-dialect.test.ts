import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { createDatabase } from "./create";

const db = createDatabase({ kind: "pglite", migrate: true });
afterAll(() => db.destroy());

async function addUser(id: string) {
  await db
    .insertInto("user")
    .values({ id, name: id, email: `${id}@example.com`, emailVerified: true, image: null })
    .execute();
}

describe("PGlite dialect", () => {
  it("keeps a write made while another request's transaction is open and then rolled back", async () => {
    await addUser("owner");
    let inTransaction!: () => void;
    const transactionStarted = new Promise<void>((resolve) => {
      inTransaction = resolve;
    });
    const failing = db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto("todo").values({ user_id: "owner", title: "rolled back" }).execute();
        inTransaction();
        // Give the concurrent write every chance to slip into this transaction.
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error("abort");
      })
      .catch((error: Error) => error.message);

    await transactionStarted;
    const concurrent = db.insertInto("todo").values({ user_id: "owner", title: "kept" }).execute();

    expect(await failing).toBe("abort");
    await concurrent;
    const titles = await db
      .selectFrom("todo")
      .select("title")
      .where("user_id", "=", "owner")
      .execute();
    expect(titles.map((t) => t.title)).toEqual(["kept"]);
  });

  it("persists every one of many interleaved writes and transactions", async () => {
    await addUser("busy");
    const writes = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? db
            .insertInto("todo")
            .values({ user_id: "busy", title: `plain ${i}` })
            .execute()
        : db.transaction().execute(async (trx) => {
            await trx
              .insertInto("todo")
              .values({ user_id: "busy", title: `tx ${i}` })
              .execute();
            await sql`select pg_sleep(0.001)`.execute(trx);
          }),
    );
    await Promise.all(writes);
    const { count } = await db
      .selectFrom("todo")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("user_id", "=", "busy")
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(40);
  });

  it("reports affected rows like Postgres", async () => {
    const result = await db
      .updateTable("todo")
      .set({ completed: true })
      .where("user_id", "=", "busy")
      .executeTakeFirst();
    expect(result.numUpdatedRows).toBe(40n);
  });
});
