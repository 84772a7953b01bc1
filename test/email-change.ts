import { expect } from "vitest";
import { approveEmailChange as clickApprove } from "@/lib/account/email-change-approval";
import { auth } from "@/lib/auth";
import { type CookieJar, callAuth, firstLink, latestEmailTo, request } from "@/test/http";

/** Asks (as `jar`) to move its account to `newEmail`; answers 200 when the session is stepped up. */
export async function askEmailChange(jar: CookieJar, newEmail: string, headers: HeadersInit = {}) {
  return callAuth("/change-email", {
    method: "POST",
    jar,
    headers,
    json: { newEmail, callbackURL: "/settings?email=approved" },
  });
}

/** The newest link mailed to `address`, with its subject checked. */
export async function linkMailedTo(address: string, subject: string): Promise<string> {
  const mail = await latestEmailTo(address);
  expect(mail?.subject).toBe(subject);
  return firstLink(mail?.text ?? "");
}

export const APPROVAL_SUBJECT = "Approve the change of your Todos email";
export const CONFIRM_SUBJECT = "Confirm your new email for Todos";

/** Opens an emailed link through Better Auth's handler, as a browser would (with `jar`, if given). */
export async function openLink(link: string, jar?: CookieJar): Promise<Response> {
  const url = new URL(link);
  const response = await auth().handler(await request(url.pathname + url.search, { jar }));
  jar?.store(response);
  return response;
}

/** Opens an approval link as its owner does: the page it lands on, then its button. */
export async function openAndApprove(link: string): Promise<Response> {
  const landed = await openLink(link);
  const page = new URL(landed.headers.get("location") ?? "/", "http://localhost");
  if (page.pathname !== "/approve-email-change") return landed;
  const { token, callbackURL } = Object.fromEntries(page.searchParams);
  const next = await clickApprove(token ?? "", callbackURL ?? "");
  return new Response(null, { status: 303, headers: { location: next } });
}

/** Both steps: the current address approves, the new one confirms; returns the confirming link. */
export async function approveEmailChange(currentEmail: string, newEmail: string): Promise<string> {
  await openAndApprove(await linkMailedTo(currentEmail, APPROVAL_SUBJECT));
  return linkMailedTo(newEmail, CONFIRM_SUBJECT);
}
