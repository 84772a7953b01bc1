import "server-only";
import { sql } from "kysely";
import { db } from "@/lib/db";
import type { TodoRow } from "@/lib/db/types";
import { type Actor, SessionRevokedError, sessionIsLive } from "@/lib/sessions/actor";
import { changeVersionOf } from "./change-version";
import { decodeCursor, encodeCursor } from "./cursor";
import { publishTodoChange } from "./feed-publish";
import type { ListTodosQuery, Todo, TodoFilter, TodoPatch } from "./schema";

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
  /** When the device's session expires: no offline copy of this page outlives it. */
  sessionExpiresAt: Date;
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
        .select([
          "counts.total",
          "counts.active",
          changeVersionOf(actor.userId).as("version"),
          "session.expiresAt",
        ])
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
      "auth.expiresAt",
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
    sessionExpiresAt: new Date(first.expiresAt),
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
 * optimistically keeps its identity once saved. Sending the same create again (an offline replay
 * whose answer was lost) answers the todo already saved; an id another user holds is refused.
 */
export async function createTodo(
  actor: Actor,
  title: string,
  id?: string,
  at?: Date,
): Promise<Todo> {
  const row = await db()
    .insertInto("todo")
    .columns([
      ...(id ? (["id"] as const) : []),
      "user_id",
      "title",
      "title_updated_at",
      "completed_updated_at",
    ])
    .expression(
      db()
        .selectNoFrom((eb) => [
          ...(id ? [eb.val(id).as("id")] : []),
          eb.val(actor.userId).as("user_id"),
          eb.val(title).as("title"),
          // Made offline: later offline edits of it (made after this moment) must win over it.
          editedAt(at).as("title_updated_at"),
          editedAt(at).as("completed_updated_at"),
        ])
        .where(sessionIsLive(actor)),
    )
    .onConflict((oc) => oc.column("id").doNothing())
    .returning(columns)
    .executeTakeFirst();
  if (!row) {
    const existing = id === undefined ? undefined : await getTodo(actor, id);
    if (existing) return existing;
    await assertSessionLive(actor);
    throw new TodoIdTakenError();
  }
  await publishTodoChange(actor.userId);
  return toTodo(row);
}

/**
 * When a change was made on its device, for last-writer-wins per field: never later than the
 * server's clock, so a device with a clock set ahead cannot win every future conflict.
 */
function editedAt(at: Date | undefined) {
  return at === undefined
    ? now
    : sql<Date>`least(${at.toISOString()}::timestamptz, date_trunc('milliseconds', clock_timestamp()))`;
}

/**
 * A replayed edit of one field applies only over an older write of it; equal times are broken by
 * the value, so every device that replays the same edits ends with the same todo.
 */
function newerThan(at: Date | undefined, field: "title" | "completed", value: string | boolean) {
  if (at === undefined) return sql<boolean>`true`;
  return sql<boolean>`(${editedAt(at)}, ${value}) > (${sql.ref(`${field}_updated_at`)}, ${sql.ref(field)})`;
}

/**
 * Undefined when the todo does not exist or belongs to someone else: both are "not found".
 * `at` (a replayed offline edit) makes each field last-writer-wins; a stale edit changes nothing
 * and answers the todo as it stands.
 */
export async function updateTodo(
  actor: Actor,
  id: string,
  patch: TodoPatch,
  at?: Date,
): Promise<Todo | undefined> {
  const { title, completed } = patch;
  const titleWins = title === undefined ? sql<boolean>`false` : newerThan(at, "title", title);
  const completedWins =
    completed === undefined ? sql<boolean>`false` : newerThan(at, "completed", completed);
  const row = await db()
    .updateTable("todo")
    .set({
      ...(title !== undefined && {
        title: sql`case when ${titleWins} then ${title} else title end`,
        title_updated_at: sql`case when ${titleWins} then ${editedAt(at)} else title_updated_at end`,
      }),
      ...(completed !== undefined && {
        completed: sql`case when ${completedWins} then ${completed} else completed end`,
        completed_updated_at: sql`case when ${completedWins} then ${editedAt(at)} else completed_updated_at end`,
      }),
      updated_at: sql`greatest(updated_at, ${editedAt(at)})`,
    })
    .where("id", "=", id)
    .where("user_id", "=", actor.userId)
    // Parenthesized: Kysely joins raw conditions with AND as they are, and OR binds looser.
    .where(sql<boolean>`(${titleWins} or ${completedWins})`)
    .where(sessionIsLive(actor))
    .returning(columns)
    .executeTakeFirst();
  if (row) {
    await publishTodoChange(actor.userId);
    return toTodo(row);
  }
  if (at !== undefined) return getTodo(actor, id);
  await assertSessionLive(actor);
  return undefined;
}

export async function deleteTodo(actor: Actor, id: string): Promise<boolean> {
  const result = await db()
    .deleteFrom("todo")
    .where("id", "=", id)
    .where("user_id", "=", actor.userId)
    .where(sessionIsLive(actor))
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) await assertSessionLive(actor);
  else await publishTodoChange(actor.userId);
  return result.numDeletedRows > 0n;
}

/** `at`: a replayed offline toggle-all leaves the todos toggled after it as they are. */
export async function toggleAll(actor: Actor, completed: boolean, at?: Date): Promise<number> {
  const result = await db()
    .updateTable("todo")
    .set({
      completed,
      completed_updated_at: editedAt(at),
      updated_at: sql`greatest(updated_at, ${editedAt(at)})`,
    })
    .where("user_id", "=", actor.userId)
    .where("completed", "=", !completed)
    .where(newerThan(at, "completed", completed))
    .where(sessionIsLive(actor))
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) await assertSessionLive(actor);
  else await publishTodoChange(actor.userId);
  return Number(result.numUpdatedRows);
}

/** `at`: a replayed offline clear removes only what was completed by then, not what was since. */
export async function clearCompleted(actor: Actor, at?: Date): Promise<number> {
  const result = await db()
    .deleteFrom("todo")
    .where("user_id", "=", actor.userId)
    .where("completed", "=", true)
    .$if(at !== undefined, (q) => q.where(sql<boolean>`completed_updated_at <= ${editedAt(at)}`))
    .where(sessionIsLive(actor))
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) await assertSessionLive(actor);
  else await publishTodoChange(actor.userId);
  return Number(result.numDeletedRows);
}
