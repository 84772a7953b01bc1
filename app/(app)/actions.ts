"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "@/lib/auth";
import { protectedAction } from "@/lib/forms/action";

/** Exempt from limits: it ends the caller's own session and creates nothing. */
export const signOutAction = protectedAction(
  null,
  () => redirect("/todos"),
  async () => {
    try {
      await auth().api.signOut({ headers: await headers() });
    } catch (error) {
      // Already signed out (or the session is gone): the cookies are cleared either way.
      console.warn("Sign-out:", error instanceof Error ? error.message : error);
    }
    redirect("/sign-in");
  },
);
