import { recordActivity } from "@/lib/activity/auth-activity";
import { announceFactorChanges } from "@/lib/factors/factor-notices";
import { announceNewDevices } from "@/lib/sessions/new-device-notice";
import { feature } from "./hook-context";

/**
 * What the owner hears and the security log keeps: a sign-in from a new device, every change of a
 * second factor, and what Better Auth's endpoints did. Recorded once the request was allowed.
 */
export function notices() {
  return feature("notices", announceNewDevices(), announceFactorChanges(), recordActivity());
}
