"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import * as z from "zod";
import { reportNotMe } from "@/lib/activity/not-me";
import { sessionCookieNames } from "@/lib/auth/cookies";
import { signedInFormAction } from "@/lib/forms/action";

const PAGE = "/settings/security";

/**
 * "This wasn't me" on an entry of Recent activity: every device signed out (this one too), a
 * reset link emailed, the report recorded; this browser lands on /sign-in saying so.
 */
export const reportNotMeAction = signedInFormAction(
  PAGE,
  {
    operation: "accountWrite",
    schema: z.object({
      eventId: z
        .string()
        .regex(/^[1-9]\d{0,17}$/)
        .optional(),
    }),
    invalid: "That entry is not in your activity.",
  },
  async ({ eventId }, { session: { user, session } }) => {
    // A session ended meanwhile is the form wrapper's to handle (it sends the device to sign in).
    const { emailed } = await reportNotMe(
      { userId: user.id, sessionId: session.id },
      eventId,
      await headers(),
    );
    const jar = await cookies();
    for (const name of sessionCookieNames()) jar.delete(name);
    redirect(`/sign-in?reported=${emailed ? "emailed" : "limited"}`);
  },
);
