import { createAuthMiddleware } from "better-auth/api";
import { originOf, recordEvent } from "@/lib/activity/record";
import { succeeded } from "@/lib/auth/hook-context";
import { runAfterResponse } from "@/lib/background";
import { sendEmail } from "@/lib/email";
import { newSignInMessage } from "@/lib/email/messages";
import { env } from "@/lib/env";
import { describeDevice, recordDevice } from "./devices";

type NewSession = {
  session: { id: string; userAgent?: string | null; ipAddress?: string | null; createdAt: Date };
  user: { id: string; email: string };
};

/** Sign-ins a person makes: a password, a provider's callback, a native app's provider ID token. */
const SIGN_IN_PATHS = new Set(["/sign-in/email", "/callback/:id", "/sign-in/social"]);

/** Remembers where each sign-in came from, and emails the owner about a browser and OS never seen before. */
export function announceNewDevices() {
  return {
    after: [
      {
        matcher: () => true,
        handler: createAuthMiddleware(async (ctx) => {
          const created = (ctx.context as { newSession?: NewSession | null }).newSession;
          if (!created || !succeeded(ctx)) return;
          const device = describeDevice(created.session.userAgent);
          const { isNew, hadOthers } = await recordDevice(created.user.id, device);
          if (!isNew || !hadOthers || !SIGN_IN_PATHS.has(ctx.path ?? "")) return;
          recordEvent(created.user, "new_device", originOf(ctx.headers, created.session.id));
          const sign = {
            device,
            ip: created.session.ipAddress ?? "unknown",
            at: new Date(created.session.createdAt),
          };
          const base = env().BETTER_AUTH_URL;
          const message = newSignInMessage(
            sign,
            `${base}/settings/sessions`,
            `${base}/settings/security#recent-activity`,
          );
          runAfterResponse(sendEmail({ to: created.user.email, ...message }));
        }),
      },
    ],
  };
}
