"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { SIGNING_OUT_EVENT } from "../../_components/signing-out";
import { leaveEndedSession } from "../_offline/session-ended";

/** After a refused connection (an expired access JWT, an outage), how long before trying again. */
const REOPEN_AFTER_MS = 2000;
/**
 * Refused again and again (too many feeds open, a long outage): each wait doubles up to this, so a
 * refused tab asks about once a minute instead of hammering the server.
 */
export const REOPEN_AT_MOST_EVERY_MS = 60_000;
/**
 * A tab out of sight this long lets its feed go (a locked phone, a background tab): an open feed
 * holds a Redis subscription and a place under the feed cap. Shown again, it reopens from the
 * version it saw, so what changed meanwhile arrives at once, and so does a sign-out from elsewhere.
 */
export const PAUSE_HIDDEN_AFTER_MS = 60_000;

/**
 * Keeps this page in step with the user's other devices: the feed (GET /api/todos/feed) says when
 * the list changed, and the page re-renders from the server. `version` is the counter the page
 * was rendered at, so a change made between the render and the connection is not missed.
 */
export function useLiveFeed(version: string) {
  const router = useRouter();
  // The version the page on screen was rendered at: a change it already shows (this device's own,
  // re-rendered by its server action) needs no second refresh.
  const rendered = useRef(version);
  useEffect(() => {
    rendered.current = version;
  }, [version]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the first render's version starts the feed; later ones arrive through it.
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let source: EventSource | undefined;
    let reopen: ReturnType<typeof setTimeout> | undefined;
    let pause: ReturnType<typeof setTimeout> | undefined;
    let seen = version;
    let refusals = 0;
    const close = () => {
      clearTimeout(reopen);
      source?.close();
      source = undefined;
    };
    const open = () => {
      source = new EventSource(`/api/todos/feed?since=${seen}`);
      source.addEventListener("open", () => {
        refusals = 0;
      });
      source.addEventListener("change", (event) => {
        // Offline (a stream opened before the drop can still deliver), a refresh would become a
        // failed full page load: leave `seen` behind, so the reopened feed reports it again.
        if (!navigator.onLine) return;
        seen = event.lastEventId || seen;
        if (BigInt(seen) > BigInt(rendered.current)) router.refresh();
      });
      source.addEventListener("version", (event) => {
        seen = event.lastEventId || seen;
      });
      source.addEventListener("signed-out", () => {
        close();
        void leaveEndedSession();
      });
      // A network drop reconnects by itself; a refusal closes the feed. The page re-render renews
      // an expired access JWT (or sends a signed-out device to sign in), then the feed reopens.
      source.addEventListener("error", () => {
        if (source?.readyState !== EventSource.CLOSED) return;
        // Offline, a refresh would turn into a full page load: the page stays as it is meanwhile.
        if (navigator.onLine) router.refresh();
        reopen = setTimeout(
          open,
          Math.min(REOPEN_AFTER_MS * 2 ** refusals, REOPEN_AT_MOST_EVERY_MS),
        );
        refusals += 1;
      });
    };
    const onVisibility = () => {
      clearTimeout(pause);
      if (document.visibilityState === "hidden") pause = setTimeout(close, PAUSE_HIDDEN_AFTER_MS);
      else if (!source) open();
    };
    // This tab is signing out: the sign-out's own redirect, not the feed, takes it to sign in.
    const onSigningOut = () => {
      document.removeEventListener("visibilitychange", onVisibility);
      clearTimeout(pause);
      close();
    };
    open();
    document.addEventListener("visibilitychange", onVisibility);
    document.addEventListener(SIGNING_OUT_EVENT, onSigningOut);
    return () => {
      document.removeEventListener(SIGNING_OUT_EVENT, onSigningOut);
      onSigningOut();
    };
  }, [router]);
}
