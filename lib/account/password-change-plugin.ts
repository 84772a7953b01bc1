import type { BetterAuthPlugin } from "better-auth";
import { createAuthMiddleware } from "better-auth/api";
import { onPaths, succeeded } from "@/lib/auth/hook-context";
import { runAfterResponse } from "@/lib/background";
import { sendEmail } from "@/lib/email";
import { passwordChangedNotice } from "@/lib/email/messages";
import { env } from "@/lib/env";
import { forgetResetLinks } from "./queries";

/** After a password change: older reset links die, and the owner hears about it. */
export function afterPasswordChange() {
  return {
    id: "password-change",
    hooks: {
      after: [
        {
          matcher: onPaths("/change-password"),
          handler: createAuthMiddleware(async (ctx) => {
            const user = ctx.context.session?.user;
            if (!user || !succeeded(ctx)) return;
            await forgetResetLinks(user.id);
            const base = env().BETTER_AUTH_URL;
            const notice = passwordChangedNotice(`${base}/settings`, `${base}/forgot-password`);
            runAfterResponse(sendEmail({ to: user.email, ...notice }));
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
