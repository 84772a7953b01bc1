import { generateRandomString } from "better-auth/crypto";
import type { HookContext } from "@/lib/auth/hook-context";
import { runAfterResponse } from "@/lib/background";
import { sendEmail } from "@/lib/email";
import { confirmDeleteAccountMessage } from "@/lib/email/connected-account-messages";

/** How long the emailed delete link of an account without a password works. */
export const DELETE_LINK_VALID_HOURS = 1;

/**
 * An account with no password proves a delete by its inbox: one link, in Better Auth's own token
 * format (`delete-account-<token>`, bound to the user), which its /delete-user/callback consumes
 * once and only for the session of that same user. Where it lands after: the signed-out home page.
 */
export async function mailDeleteConfirmation(
  ctx: HookContext,
  user: { id: string; email: string },
): Promise<void> {
  const token = generateRandomString(32, "0-9", "a-z");
  await ctx.context.internalAdapter.createVerificationValue({
    value: user.id,
    identifier: `delete-account-${token}`,
    expiresAt: new Date(Date.now() + DELETE_LINK_VALID_HOURS * 60 * 60 * 1000),
  });
  const url = `${ctx.context.baseURL}/delete-user/callback?token=${token}&callbackURL=${encodeURIComponent("/?deleted=1")}`;
  // After the response, as every email: the answer takes as long whether or not one is sent.
  runAfterResponse(
    sendEmail({ to: user.email, ...confirmDeleteAccountMessage(url, DELETE_LINK_VALID_HOURS) }),
  );
}
