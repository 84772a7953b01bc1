import { type Kysely, sql } from "kysely";

/**
 * Per-field edit times, and one counter per user, bumped by the database itself on every write to `todo` (any path, any
 * statement): the live feed polls it, since Neon's pooled endpoint has no LISTEN/NOTIFY.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Last-writer-wins per field: an offline edit replayed later loses to a newer edit of that field only.
  for (const column of ["title_updated_at", "completed_updated_at"]) {
    await db.schema
      .alterTable("todo")
      .addColumn(column, "timestamptz", (col) =>
        col.notNull().defaultTo(sql`date_trunc('milliseconds', clock_timestamp())`),
      )
      .execute();
    await sql`update todo set ${sql.ref(column)} = updated_at`.execute(db);
  }
  await db.schema
    .createTable("todo_change_version")
    .addColumn("user_id", "text", (col) =>
      col.primaryKey().references("user.id").onDelete("cascade"),
    )
    .addColumn("version", "bigint", (col) => col.notNull().defaultTo(0))
    .execute();
  // Once per statement, not per row: toggling 10,000 todos bumps the counter once.
  await sql`
    create function bump_todo_change_version() returns trigger language plpgsql as $$
    begin
      insert into todo_change_version (user_id, version)
      select distinct c.user_id, 1 from changed_rows c
      -- A todo removed by its user's deletion (the cascade) has no counter left to bump.
      where exists (select 1 from "user" u where u.id = c.user_id)
      on conflict (user_id) do update set version = todo_change_version.version + 1;
      return null;
    end $$`.execute(db);
  // A trigger with a transition table may name one event only.
  for (const [event, table] of [
    ["insert", "new"],
    ["update", "new"],
    ["delete", "old"],
  ] as const) {
    await sql`
      create trigger ${sql.raw(`todo_${event}_bumps_version`)}
      after ${sql.raw(event)} on todo
      referencing ${sql.raw(table)} table as changed_rows
      for each statement execute function bump_todo_change_version()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const event of ["insert", "update", "delete"]) {
    await sql`drop trigger if exists ${sql.raw(`todo_${event}_bumps_version`)} on todo`.execute(db);
  }
  await sql`drop function if exists bump_todo_change_version()`.execute(db);
  await db.schema.dropTable("todo_change_version").execute();
  await db.schema.alterTable("todo").dropColumn("title_updated_at").execute();
  await db.schema.alterTable("todo").dropColumn("completed_updated_at").execute();
}
