"use server";

import { redirect } from "next/navigation";
import { approveEmailChange, LINK_REFUSED } from "@/lib/account/email-change-approval";
import { protectedAction } from "@/lib/forms/action";

/** The button on /approve-email-change: the one way an approval link approves (a POST). */
export const approveEmailChangeAction = protectedAction<[FormData], void>(
  "emailLinkOpened",
  () => redirect(LINK_REFUSED),
  async (formData: FormData) => {
    const token = formData instanceof FormData ? formData.get("token") : null;
    const callbackURL = formData instanceof FormData ? formData.get("callbackURL") : null;
    if (typeof token !== "string" || token.length === 0) redirect(LINK_REFUSED);
    redirect(await approveEmailChange(token, typeof callbackURL === "string" ? callbackURL : ""));
  },
);
