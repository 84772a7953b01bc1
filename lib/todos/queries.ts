import "server-only";
import { sql } from "kysely";
import { db } from "@/lib/db";
import type { TodoRow } from "@/lib/db/types";
import { decodeCursor, encodeCursor } from "./cursor";
import type { ListTodosQuery, Todo, TodoFilter, UpdateTodoInput } from "./schema";

// Every statement names the user in its WHERE clause: ownership cannot be forgotten by a caller.

const columns = ["id", "title", "completed", "created_at", "updated_at"] as const;

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

export class InvalidCursorError extends Error {}

export async function listTodos(
  userId: string,
  { filter, cursor, limit }: ListTodosQuery,
): Promise<{ todos: Todo[]; nextCursor: string | null }> {
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  if (cursor !== undefined && !after) throw new InvalidCursorError("Invalid cursor");
  const completed = completedFor(filter);
  const rows = await db()
    .selectFrom("todo")
    .select([...columns, sql<string>`seq::text`.as("seq")])
    .where("user_id", "=", userId)
    .$if(completed !== undefined, (q) => q.where("completed", "=", completed as boolean))
    .$if(after !== undefined, (q) =>
      q.where(
        sql<boolean>`(created_at, seq) > (${after?.createdAt.toISOString()}::timestamptz, ${after?.seq}::bigint)`,
      ),
    )
    .orderBy("created_at")
    .orderBy("seq")
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit).map(toTodo);
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  return {
    todos: page,
    nextCursor: last ? encodeCursor({ createdAt: new Date(last.created_at), seq: last.seq }) : null,
  };
}

export async function countTodos(userId: string): Promise<{ total: number; active: number }> {
  const row = await db()
    .selectFrom("todo")
    .select([
      sql<number>`count(*)::int`.as("total"),
      sql<number>`(count(*) filter (where not completed))::int`.as("active"),
    ])
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), active: Number(row.active) };
}

export async function createTodo(userId: string, title: string): Promise<Todo> {
  const row = await db()
    .insertInto("todo")
    .values({ user_id: userId, title })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return toTodo(row);
}

/** Undefined when the todo does not exist or belongs to someone else: both are "not found". */
export async function updateTodo(
  userId: string,
  id: string,
  patch: UpdateTodoInput,
): Promise<Todo | undefined> {
  const row = await db()
    .updateTable("todo")
    .set({
      ...(patch.title !== undefined && { title: patch.title }),
      ...(patch.completed !== undefined && { completed: patch.completed }),
      updated_at: sql`date_trunc('milliseconds', clock_timestamp())`,
    })
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .returning(columns)
    .executeTakeFirst();
  return row && toTodo(row);
}

export async function deleteTodo(userId: string, id: string): Promise<boolean> {
  const result = await db()
    .deleteFrom("todo")
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function toggleAll(userId: string, completed: boolean): Promise<number> {
  const result = await db()
    .updateTable("todo")
    .set({ completed, updated_at: sql`date_trunc('milliseconds', clock_timestamp())` })
    .where("user_id", "=", userId)
    .where("completed", "=", !completed)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function clearCompleted(userId: string): Promise<number> {
  const result = await db()
    .deleteFrom("todo")
    .where("user_id", "=", userId)
    .where("completed", "=", true)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
