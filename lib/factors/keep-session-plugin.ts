import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import { setSessionCookie } from "better-auth/cookies";
import { onPaths, sessionFromRow, succeeded } from "@/lib/auth/hook-context";
import { db } from "@/lib/db";

/** Where Better Auth swaps the caller's session for a new one, to refresh the user in its cookie. */
const REPLACING_PATHS = ["/two-factor/verify-totp", "/two-factor/disable"];

type KeepContext = { context: { replacedSessionId?: string } };

/**
 * Turning the authenticator app on or off makes Better Auth delete this device's session and
 * create another. The new one takes the old id back, so the device keeps its place in the device
 * list and the request that did it (a server action re-rendering its page) still finds it.
 */
export function keepDeviceSession() {
  return {
    id: "keep-device-session",
    hooks: {
      before: [
        {
          matcher: onPaths(...REPLACING_PATHS),
          handler: createAuthMiddleware(async (ctx) => {
            const current = await sessionFromRow(ctx);
            if (current) (ctx as KeepContext).context.replacedSessionId = current.session.id;
          }),
        },
      ],
      after: [
        {
          matcher: onPaths(...REPLACING_PATHS),
          handler: createAuthMiddleware(async (ctx) => {
            const oldId = (ctx as KeepContext).context.replacedSessionId;
            const created = ctx.context.newSession;
            if (!oldId || !created || !succeeded(ctx) || created.session.id === oldId) return;
            const gone = await db()
              .selectFrom("session")
              .select("id")
              .where("id", "=", oldId)
              .executeTakeFirst();
            if (gone) return; // Not a replacement: a sign-in's second step, say.
            await db()
              .updateTable("session")
              .set({ id: oldId })
              .where("id", "=", created.session.id)
              .where("userId", "=", created.user.id)
              .execute();
            await setSessionCookie(ctx, { ...created, session: { ...created.session, id: oldId } });
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
