"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "@/lib/auth";
import { isCrossOriginPost } from "@/lib/forms/same-origin";

export async function signOutAction(): Promise<void> {
  if (await isCrossOriginPost()) redirect("/todos");
  try {
    await auth().api.signOut({ headers: await headers() });
  } catch (error) {
    // Already signed out (or the session is gone): the cookies are cleared either way.
    console.warn("Sign-out:", error instanceof Error ? error.message : error);
  }
  redirect("/sign-in");
}
