import * as z from "zod";
import { ApiError } from "@/lib/http/errors";
import { parseOrThrow } from "@/lib/http/request";
import { apiRoute } from "@/lib/http/route";
import { FEED_DURATION_MS, feedStream, feedVersion } from "@/lib/todos/feed";
import { claimFeed } from "@/lib/todos/open-feeds";

// Each response lasts FEED_DURATION_MS (120 s); the host must let it run that long (a literal: Next reads it statically).
export const maxDuration = 130;

const feedQuery = z.object({ since: feedVersion });

/** GET /api/todos/feed?since=VERSION: server-sent events of this user's changes (lib/todos/feed.ts). */
export const GET = apiRoute(async (request, actor) => {
  const { since } = parseOrThrow(feedQuery, {
    since:
      request.headers.get("last-event-id") ??
      new URL(request.url).searchParams.get("since") ??
      undefined,
  });
  const release = await claimFeed(actor);
  if (!release) throw tooManyFeeds();
  return new Response(feedStream(actor, since, { signal: request.signal, onEnd: release }), {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      // Proxies must pass each event on as it comes, not hold the response back.
      "x-accel-buffering": "no",
    },
  });
});

/** Past the cap: the oldest open feed ends by its deadline, so a place frees up within that. */
function tooManyFeeds(): ApiError {
  return new ApiError(
    429,
    "too_many_feeds",
    "Too many live updates are open for this account. Close some tabs; this one will retry shortly.",
    undefined,
    { "Retry-After": String(FEED_DURATION_MS / 1000) },
  );
}
