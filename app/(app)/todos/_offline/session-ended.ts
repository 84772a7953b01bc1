import { wipeForEndedSession } from "./wipe";

/** Where a device signed out elsewhere goes: its cookies are cleared, then it lands on /sign-in. */
const SIGNED_OUT_PATH = "/session-ended?next=%2Ftodos";

/** This device learnt its session is over: the copy goes first, since the way out may be offline. */
export async function leaveEndedSession(): Promise<void> {
  await wipeForEndedSession();
  window.location.assign(SIGNED_OUT_PATH);
}
