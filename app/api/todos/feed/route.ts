import * as z from "zod";
import { parseOrThrow } from "@/lib/http/request";
import { apiRoute } from "@/lib/http/route";
import { feedStream, feedVersion } from "@/lib/todos/feed";

// Each response lasts FEED_DURATION_MS (25 s); the host must let it run that long (a literal: Next reads it statically).
export const maxDuration = 30;

const feedQuery = z.object({ since: feedVersion });

/** GET /api/todos/feed?since=VERSION: server-sent events of this user's changes (lib/todos/feed.ts). */
export const GET = apiRoute(
  async (request, actor) => {
    const { since } = parseOrThrow(feedQuery, {
      since:
        request.headers.get("last-event-id") ??
        new URL(request.url).searchParams.get("since") ??
        undefined,
    });
    return new Response(feedStream(actor, since, { signal: request.signal }), {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-store",
        // Proxies must pass each event on as it comes, not hold the response back.
        "x-accel-buffering": "no",
      },
    });
  },
  { renew: false },
);
