import { fiftyItems } from "../../items";

export const dynamic = "force-dynamic";

/** 50 items as JSON, rendered per request. */
export function GET() {
  return Response.json({ todos: fiftyItems(), nextCursor: null });
}
