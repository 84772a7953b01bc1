import "server-only";
import { VERIFICATION_VALID_HOURS } from "@/lib/account/lengths-and-lifetimes";
import { sendEmail } from "@/lib/email";
import {
  addressLeftBehindNotice,
  addressTakenNotice,
  approveEmailChangeMessage,
  confirmNewEmailMessage,
  emailChangedNotice,
  resetSentElsewhereNotice,
} from "@/lib/email/messages";
import { env } from "@/lib/env";
import { clientAddress } from "@/lib/net/client-ip";
import { describeDevice } from "@/lib/sessions/devices";
import { changeClaims } from "./change-email-token";
import {
  addressTakenByAnother,
  cancelEmailChange,
  issueVerificationLink,
  leftBehindAt,
  REPLACED_EMAIL_NOTICE_DAYS,
  recentlyReplacedEmails,
  startEmailChange,
} from "./email-change";

/** The asking request's headers: Better Auth passes HTTP requests; a server action has Next's. */
async function askingHeaders(request: Request | undefined): Promise<Headers | undefined> {
  if (request) return request.headers;
  try {
    // Loaded on use: lib/auth imports this module, and next/headers must not load with it.
    const { headers } = await import("next/headers");
    return await headers();
  } catch {
    return undefined;
  }
}

/** Better Auth's `sendChangeEmailConfirmation`: the current address approves before anything else. */
export async function sendChangeApproval(
  data: { user: { id: string; email: string }; newEmail: string; url: string; token: string },
  request?: Request,
): Promise<void> {
  const asking = await askingHeaders(request);
  await startEmailChange(data.user.id, data.newEmail, data.token);
  const userAgent = asking?.get("user-agent");
  const message = approveEmailChangeMessage(
    data.url,
    {
      newEmail: data.newEmail,
      device: userAgent ? describeDevice(userAgent) : undefined,
      ip: clientAddress(asking),
      at: new Date(),
    },
    VERIFICATION_VALID_HOURS,
    `${env().BETTER_AUTH_URL}/forgot-password`,
  );
  await sendEmail({ to: data.user.email, ...message });
}

/**
 * After the approval: the new address gets its link, unless the change was cancelled meanwhile.
 * It lands on the settings page saying the email changed.
 */
export async function sendChangeVerification(url: string, token: string): Promise<void> {
  const claims = changeClaims(token);
  if (!claims) return;
  if (!(await issueVerificationLink(claims.userId, claims.updateTo, token))) return;
  if (await addressTakenByAnother(claims.userId, claims.updateTo)) {
    // The asker was answered as for any address; the address's owner hears why no link came.
    await cancelEmailChange(claims.userId);
    const notice = addressTakenNotice(`${env().BETTER_AUTH_URL}/sign-in`);
    await sendEmail({ to: claims.updateTo, ...notice });
    return;
  }
  const link = new URL(url);
  link.searchParams.set("callbackURL", "/settings?email=confirmed");
  const message = confirmNewEmailMessage(link.href, claims.updateTo, VERIFICATION_VALID_HOURS);
  await sendEmail({ to: claims.updateTo, ...message });
}

/** The address the account just left hears where it went. */
export async function sendEmailChangedNotice(oldEmail: string, newEmail: string): Promise<void> {
  const securityUrl = `${env().BETTER_AUTH_URL}/settings/security#recent-activity`;
  const notice = emailChangedNotice(newEmail, REPLACED_EMAIL_NOTICE_DAYS, securityUrl);
  await sendEmail({ to: oldEmail, ...notice });
}

/** A reset link went to `user.email`: the addresses it replaced lately are told too. */
export async function announceResetToLeftAddresses(user: {
  id: string;
  email: string;
}): Promise<void> {
  const securityUrl = `${env().BETTER_AUTH_URL}/settings/security#recent-activity`;
  for (const left of await recentlyReplacedEmails(user.id, user.email))
    await sendEmail({ to: left.email, ...resetSentElsewhereNotice(left.replacedAt, securityUrl) });
}

/** A reset asked for an address an account left lately: it hears why no link came (no one else does). */
export async function explainResetToLeftAddress(email: string): Promise<void> {
  const replacedAt = await leftBehindAt(email);
  if (!replacedAt) return;
  const notice = addressLeftBehindNotice(replacedAt, `${env().BETTER_AUTH_URL}/sign-in`);
  await sendEmail({ to: email.trim().toLowerCase(), ...notice });
}
