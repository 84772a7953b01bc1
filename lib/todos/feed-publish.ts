import "server-only";
import { loggable } from "@/lib/log";
import { readChangeVersion } from "./change-version";
import { publishToFeeds } from "./feed-bus";

/** After a write to the user's todos has committed: their feeds learn the new counter. */
export async function publishTodoChange(userId: string): Promise<void> {
  let version: string;
  try {
    version = await readChangeVersion(userId);
  } catch (error) {
    // The write stands; feeds catch up on their next connection.
    console.error("Live feed version read failed:", loggable(error));
    return;
  }
  await publishToFeeds(userId, { version });
}

/** After sessions ended (committed): their feeds say `signed-out` and close. Omitted ids: all. */
export async function publishSessionsEnded(userId: string, sessionIds?: string[]): Promise<void> {
  await Promise.all((sessionIds ?? ["*"]).map((id) => publishToFeeds(userId, { signedOut: id })));
}

/**
 * Better Auth's own session ends (sign-out, password change or reset) commit inside Better Auth:
 * lib/auth/index.ts passes this as `databaseHooks`, whose delete hooks run after the commit.
 */
export const endedSessionHooks = {
  session: {
    delete: {
      after: (session: { id: string; userId: string }) =>
        publishSessionsEnded(session.userId, [session.id]),
    },
  },
};
