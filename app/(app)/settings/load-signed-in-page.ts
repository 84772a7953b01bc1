import "server-only";
import { requireActor } from "@/lib/identity/current";
import { type Actor, SessionRevokedError } from "@/lib/sessions/actor";
import { endRevokedSession } from "@/lib/sessions/end-revoked-session";

/** What a settings page shows its signed-in owner; a session ended meanwhile sends the device to sign in. */
export async function loadSignedInPage<T>(
  page: string,
  load: (actor: Actor) => Promise<T>,
): Promise<T> {
  const actor = await requireActor(page);
  try {
    return await load(actor);
  } catch (error) {
    if (error instanceof SessionRevokedError) await endRevokedSession(page);
    throw error;
  }
}
