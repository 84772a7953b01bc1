/** Keyset cursor over (created_at, seq): opaque to clients, exact for the millisecond timestamps we store. */
export interface TodoCursor {
  createdAt: Date;
  seq: string;
}

/** Postgres' bigint ceiling: a larger seq would fail in the database (a 500), not here (a 400). */
const MAX_SEQ = 9223372036854775807n;
/** Four-digit years from 1970, as toISOString writes them: every one Postgres can read back. */
const ISO_TIME = /^(19[7-9]\d|[2-9]\d{3})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeCursor({ createdAt, seq }: TodoCursor): string {
  return Buffer.from(`${createdAt.toISOString()}|${seq}`).toString("base64url");
}

/** Returns undefined for anything that is not a cursor we could have issued. */
export function decodeCursor(cursor: string): TodoCursor | undefined {
  const [iso = "", seq = ""] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!ISO_TIME.test(iso) || !/^\d{1,19}$/.test(seq) || BigInt(seq) > MAX_SEQ) return undefined;
  const createdAt = new Date(iso);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== iso) return undefined;
  return { createdAt, seq };
}
