"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { protectedAction } from "@/lib/forms/action";

/** Exempt from limits: it ends the caller's own session and creates nothing. */
export const signOutAction = protectedAction(
  null,
  () => redirect("/todos"),
  async () => {
    // Loaded here, not at the top: every signed-in page carries this form and renders without Better Auth.
    const { auth } = await import("@/lib/auth");
    try {
      await auth().api.signOut({ headers: await headers() });
    } catch (error) {
      // Already signed out (or the session is gone): the cookies are cleared either way.
      console.warn("Sign-out:", error instanceof Error ? error.message : error);
    }
    redirect("/sign-in");
  },
);
