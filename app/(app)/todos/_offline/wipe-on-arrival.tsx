"use client";

import { useEffect } from "react";
import { wipeOfflineCopy } from "./wipe";

/**
 * On the pages only a signed-out device sees (sign-in, the landing page): however it got here, by
 * a full load or a client-side redirect from a server action, nothing of the last list stays.
 */
export function WipeOfflineCopyOnArrival() {
  useEffect(() => {
    void wipeOfflineCopy();
  }, []);
  return null;
}
