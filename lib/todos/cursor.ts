/** Keyset cursor over (created_at, seq): opaque to clients, exact for the millisecond timestamps we store. */
export interface TodoCursor {
  createdAt: Date;
  seq: string;
}

export function encodeCursor({ createdAt, seq }: TodoCursor): string {
  return Buffer.from(`${createdAt.toISOString()}|${seq}`).toString("base64url");
}

/** Returns undefined for anything that is not a cursor we issued. */
export function decodeCursor(cursor: string): TodoCursor | undefined {
  const [iso = "", seq = ""] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso);
  if (Number.isNaN(createdAt.getTime()) || !/^\d{1,19}$/.test(seq)) return undefined;
  return { createdAt, seq };
}
