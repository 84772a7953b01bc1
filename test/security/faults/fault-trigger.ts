import { sql } from "kysely";
import type { DB } from "@/lib/db";

export type TriggerEvent = "insert" | "update" | "delete";

/**
 * Makes every `event` on `table` fail inside the database (a trigger that raises), as a crash or
 * constraint failure half-way through a multi-statement write would. Returns the undo.
 */
export async function failEvery(
  db: DB,
  event: TriggerEvent,
  table: string,
): Promise<() => Promise<void>> {
  const name = `inject_fault_${event}_${table}`;
  await sql`create or replace function inject_fault() returns trigger language plpgsql as $$
    begin raise exception 'injected fault on % of %', TG_OP, TG_TABLE_NAME; end $$`.execute(db);
  await sql`create trigger ${sql.id(name)} before ${sql.raw(event)} on ${sql.id(table)}
    for each row execute function inject_fault()`.execute(db);
  return async () => {
    await sql`drop trigger ${sql.id(name)} on ${sql.id(table)}`.execute(db);
  };
}
