"use client";

import { useEffect } from "react";
import type { FormState } from "@/lib/forms/state";

/**
 * Turning the authenticator app on or off makes Better Auth replace this device's session: the
 * page is loaded afresh with the new cookies instead of re-rendered with the old request's.
 */
export function useReloadOnSuccess(state: FormState, enabled: boolean) {
  useEffect(() => {
    if (enabled && state.status === "success") window.location.reload();
  }, [enabled, state]);
}
