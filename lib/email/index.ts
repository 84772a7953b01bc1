import "server-only";
import { Resend } from "resend";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { RenderedEmail } from "./template";

export type OutgoingEmail = RenderedEmail & { to: string };

/** True while emails land in the outbox table (and /dev/mailbox) instead of Resend. */
export function usesOutbox(): boolean {
  return !env().RESEND_API_KEY;
}

/** Resend normally answers in well under a second; a hung call must not hold the request's tail. */
export const RESEND_TIMEOUT_MS = 10_000;

let resend: Resend | undefined;

export async function sendEmail(email: OutgoingEmail): Promise<void> {
  const { RESEND_API_KEY, RESEND_BASE_URL, EMAIL_FROM } = env();
  if (!RESEND_API_KEY) {
    await db()
      .insertInto("outbox")
      .values({ ...email, to: email.to.toLowerCase() })
      .execute();
    return;
  }
  resend ??= new Resend(RESEND_API_KEY, { baseUrl: RESEND_BASE_URL });
  const { error } = await resend.emails.send(
    {
      from: EMAIL_FROM ?? "Todos <onboarding@resend.dev>",
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
    },
    { signal: AbortSignal.timeout(RESEND_TIMEOUT_MS) },
  );
  if (error) throw new Error(`Resend refused the email: ${error.name}: ${error.message}`);
}
