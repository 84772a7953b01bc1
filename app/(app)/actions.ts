"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { auth } from "@/lib/auth";

export async function signOutAction(): Promise<void> {
  try {
    await auth().api.signOut({ headers: await headers() });
  } catch (error) {
    // Already signed out (or the session is gone): the cookies are cleared either way.
    console.warn("Sign-out:", error instanceof Error ? error.message : error);
  }
  redirect("/sign-in");
}
