import "server-only";
import { sql } from "kysely";
import { UAParser } from "ua-parser-js";
import { db } from "@/lib/db";

/** "Chrome on macOS", from a user agent, parsed by ua-parser-js (never by regexes of our own). */
export function describeDevice(userAgent: string | null | undefined): string {
  const { browser, os } = new UAParser(userAgent ?? "").getResult();
  return `${browser.name ?? "Unknown browser"} on ${os.name ?? "an unknown system"}`;
}

/**
 * Remembers the device a user signed in from; in one statement, says whether it is new and
 * whether the user had signed in from anything else before (the very first device is not news).
 */
export async function recordDevice(
  userId: string,
  device: string,
): Promise<{ isNew: boolean; hadOthers: boolean }> {
  const { rows } = await sql<{ inserted: number; before: number }>`
    with inserted as (
      insert into user_device (user_id, device) values (${userId}, ${device})
      on conflict do nothing
      returning 1
    )
    select (select count(*)::int from inserted) as inserted,
           (select count(*)::int from user_device where user_id = ${userId}) as before`.execute(
    db(),
  );
  const row = rows[0];
  return { isNew: Number(row?.inserted) > 0, hadOthers: Number(row?.before) > 0 };
}
