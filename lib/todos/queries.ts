import "server-only";
import { sql } from "kysely";
import { db } from "@/lib/db";
import type { TodoRow } from "@/lib/db/types";
import { type Actor, SessionRevokedError, sessionIsLive } from "@/lib/sessions/actor";
import { changeVersionOf } from "./change-version";
import { decodeCursor, encodeCursor } from "./cursor";
import type { ListTodosQuery, Todo, TodoFilter, UpdateTodoInput } from "./schema";

// Every statement names the user in its WHERE clause and checks the device's session inside the
// same statement: ownership and revocation cannot be forgotten by a caller, and cost no extra trip.

export { SessionRevokedError };
export class InvalidCursorError extends Error {}
export class TodoIdTakenError extends Error {}

const columns = ["id", "title", "completed", "created_at", "updated_at"] as const;
const now = sql<Date>`date_trunc('milliseconds', clock_timestamp())`;

function toTodo(row: Pick<TodoRow, (typeof columns)[number]>): Todo {
  return {
    id: row.id,
    title: row.title,
    completed: row.completed,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function completedFor(filter: TodoFilter): boolean | undefined {
  return filter === "all" ? undefined : filter === "completed";
}

/** A write that matched nothing: a revoked session, or (if the session is live) no such todo. */
async function assertSessionLive(actor: Actor): Promise<void> {
  const live = await db()
    .selectNoFrom((eb) => sessionIsLive(actor)(eb).as("live"))
    .executeTakeFirstOrThrow();
  if (!live.live) throw new SessionRevokedError();
}

type FoundRow = Pick<TodoRow, (typeof columns)[number]> & { seq: string };

export interface TodoPage {
  todos: Todo[];
  nextCursor: string | null;
  /** Over the whole list, whatever the filter and page. */
  counts: { total: number; active: number };
  /** The user's change counter as of this read: the live feed reports changes after it. */
  version: string;
}

/** One page of todos and the whole-list counts, in one statement that also checks the session. */
export async function loadTodoPage(
  actor: Actor,
  { filter, cursor, limit }: ListTodosQuery,
): Promise<TodoPage> {
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  if (cursor !== undefined && !after) throw new InvalidCursorError("Invalid cursor");
  const completed = completedFor(filter);
  const rows = await db()
    .selectFrom((eb) =>
      eb
        .selectFrom("session")
        // Both counts in one pass over the user's todos (an index-only scan of user_id, completed).
        .innerJoinLateral(
          (eb) =>
            eb
              .selectFrom("todo")
              .select([
                sql<number>`count(*)::int`.as("total"),
                sql<number>`(count(*) filter (where not completed))::int`.as("active"),
              ])
              .where("todo.user_id", "=", actor.userId)
              .as("counts"),
          (join) => join.onTrue(),
        )
        .select(["counts.total", "counts.active", changeVersionOf(actor.userId).as("version")])
        .where("session.id", "=", actor.sessionId)
        .where("session.userId", "=", actor.userId)
        .where("session.expiresAt", ">", sql<Date>`now()`)
        .as("auth"),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("todo")
          .select([...columns, sql<string>`seq::text`.as("seq")])
          .where("user_id", "=", actor.userId)
          .$if(completed !== undefined, (q) => q.where("completed", "=", completed as boolean))
          .$if(after !== undefined, (q) =>
            q.where(
              sql<boolean>`(created_at, seq) > (${after?.createdAt.toISOString()}::timestamptz, ${after?.seq}::bigint)`,
            ),
          )
          .orderBy("created_at")
          .orderBy("seq")
          .limit(limit + 1)
          .as("t"),
      (join) => join.onTrue(),
    )
    .select([
      "auth.total",
      "auth.active",
      "auth.version",
      "t.id",
      "t.title",
      "t.completed",
      "t.created_at",
      "t.updated_at",
      "t.seq",
    ])
    .orderBy("t.created_at")
    .orderBy(sql`t.seq::bigint`)
    .execute();
  const [first] = rows;
  if (!first) throw new SessionRevokedError();
  const found = rows.filter((row): row is typeof row & FoundRow => row.id !== null);
  const last = found.length > limit ? found[limit - 1] : undefined;
  return {
    todos: found.slice(0, limit).map(toTodo),
    nextCursor: last ? encodeCursor({ createdAt: new Date(last.created_at), seq: last.seq }) : null,
    counts: { total: Number(first.total), active: Number(first.active) },
    version: first.version,
  };
}

/** One todo of this user, or undefined; the session is checked in the same statement. */
export async function getTodo(actor: Actor, id: string): Promise<Todo | undefined> {
  const row = await db()
    .selectFrom("todo")
    .select(columns)
    .where("id", "=", id)
    .where("user_id", "=", actor.userId)
    .where(sessionIsLive(actor))
    .executeTakeFirst();
  if (!row) await assertSessionLive(actor);
  return row && toTodo(row);
}

/**
 * Creates a todo. A browser may choose the id itself (a fresh UUID), so the row it shows
 * optimistically keeps its identity once saved; an id already taken is refused.
 */
export async function createTodo(actor: Actor, title: string, id?: string): Promise<Todo> {
  const row = await db()
    .insertInto("todo")
    .columns(id ? ["id", "user_id", "title"] : ["user_id", "title"])
    .expression(
      db()
        .selectNoFrom((eb) => [
          ...(id ? [eb.val(id).as("id")] : []),
          eb.val(actor.userId).as("user_id"),
          eb.val(title).as("title"),
        ])
        .where(sessionIsLive(actor)),
    )
    .onConflict((oc) => oc.column("id").doNothing())
    .returning(columns)
    .executeTakeFirst();
  if (!row) {
    await assertSessionLive(actor);
    throw new TodoIdTakenError();
  }
  return toTodo(row);
}

/** Undefined when the todo does not exist or belongs to someone else: both are "not found". */
export async function updateTodo(
  actor: Actor,
  id: string,
  patch: UpdateTodoInput,
): Promise<Todo | undefined> {
  const row = await db()
    .updateTable("todo")
    .set({
      ...(patch.title !== undefined && { title: patch.title }),
      ...(patch.completed !== undefined && { completed: patch.completed }),
      updated_at: now,
    })
    .where("id", "=", id)
    .where("user_id", "=", actor.userId)
    .where(sessionIsLive(actor))
    .returning(columns)
    .executeTakeFirst();
  if (!row) await assertSessionLive(actor);
  return row && toTodo(row);
}

export async function deleteTodo(actor: Actor, id: string): Promise<boolean> {
  const result = await db()
    .deleteFrom("todo")
    .where("id", "=", id)
    .where("user_id", "=", actor.userId)
    .where(sessionIsLive(actor))
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) await assertSessionLive(actor);
  return result.numDeletedRows > 0n;
}

export async function toggleAll(actor: Actor, completed: boolean): Promise<number> {
  const result = await db()
    .updateTable("todo")
    .set({ completed, updated_at: now })
    .where("user_id", "=", actor.userId)
    .where("completed", "=", !completed)
    .where(sessionIsLive(actor))
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) await assertSessionLive(actor);
  return Number(result.numUpdatedRows);
}

export async function clearCompleted(actor: Actor): Promise<number> {
  const result = await db()
    .deleteFrom("todo")
    .where("user_id", "=", actor.userId)
    .where("completed", "=", true)
    .where(sessionIsLive(actor))
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) await assertSessionLive(actor);
  return Number(result.numDeletedRows);
}
