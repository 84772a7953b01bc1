import "server-only";
import { db } from "@/lib/db";

export interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  links: string[];
  createdAt: string;
}

/** Newest first; `to` narrows to one address (case-insensitive, as stored). */
export async function listOutbox(to?: string, limit = 50): Promise<OutboxMessage[]> {
  const rows = await db()
    .selectFrom("outbox")
    .selectAll()
    .$if(Boolean(to), (q) => q.where("to", "=", (to ?? "").trim().toLowerCase()))
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    to: row.to,
    subject: row.subject,
    text: row.text,
    html: row.html,
    links: [...new Set(row.text.match(/https?:\/\/[^\s<>"]+/g) ?? [])],
    createdAt: new Date(row.created_at).toISOString(),
  }));
}
