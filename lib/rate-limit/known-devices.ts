import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import { db } from "@/lib/db";
import { normalizeEmail } from "./keys";

/** A device or address that signed in keeps its own budget of wrong passwords this long. */
export const KNOWN_FOR_DAYS = 90;

/** Names the account in cookies without its address. */
function accountTag(email: string): string {
  return createHash("sha256").update(normalizeEmail(email)).digest("hex").slice(0, 16);
}

/** Per account, so one browser can be known to several accounts. */
export function knownDeviceCookieName(email: string, secure: boolean): string {
  return `${secure ? "__Secure-" : ""}todo.known_device.${accountTag(email)}`;
}

/** The signed value binds the account, so a cookie earned on one account opens no other. */
export function newKnownDeviceValue(email: string): string {
  return `${accountTag(email)}-${randomBytes(12).toString("hex")}`;
}

/** The device's own id, if the (already signature-checked) value belongs to this account. */
export function knownDeviceId(value: string | null | undefined, email: string): string | undefined {
  const [tag, id] = value?.split("-") ?? [];
  return tag === accountTag(email) && id ? id : undefined;
}

export async function rememberSignInAddress(userId: string, address: string): Promise<void> {
  await db()
    .insertInto("sign_in_address")
    .values({ user_id: userId, address })
    .onConflict((oc) =>
      oc.columns(["user_id", "address"]).doUpdateSet({ last_sign_in_at: sql`now()` }),
    )
    .execute();
}

export async function isKnownSignInAddress(email: string, address: string): Promise<boolean> {
  const row = await db()
    .selectFrom("sign_in_address")
    .innerJoin("user", "user.id", "sign_in_address.user_id")
    .select("sign_in_address.user_id")
    .where("user.email", "=", normalizeEmail(email))
    .where("sign_in_address.address", "=", address)
    .where(
      "sign_in_address.last_sign_in_at",
      ">",
      sql<Date>`now() - make_interval(days => ${KNOWN_FOR_DAYS})`,
    )
    .executeTakeFirst();
  return row !== undefined;
}
