/**
 * Signing out ends this tab's session on purpose: its live feed closes first, so the feed's own
 * `signed-out` (sent to every tab of the session) cannot race the sign-out's redirect.
 */
export const SIGNING_OUT_EVENT = "todo:signing-out";

export function announceSigningOut(): void {
  document.dispatchEvent(new Event(SIGNING_OUT_EVENT));
}
