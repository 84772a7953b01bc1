/** Keyset cursor over (created_at, id): opaque to clients, exact for the millisecond timestamps we store. */
export interface TodoCursor {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor({ createdAt, id }: TodoCursor): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString("base64url");
}

/** Returns undefined for anything that is not a cursor we issued. */
export function decodeCursor(cursor: string): TodoCursor | undefined {
  const [iso = "", id = ""] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso);
  if (Number.isNaN(createdAt.getTime()) || !UUID.test(id)) return undefined;
  return { createdAt, id };
}
