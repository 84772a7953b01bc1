import type { ActionOperations } from "@/lib/rate-limit/server-action-operations";
import { SERVER_ACTION_MODULES } from "../../../server-actions";

/** React's server reference: `$$id` is the action id Next dispatches on. */
type ServerReference = { $$id?: unknown; operation?: unknown };

/**
 * For the edge middleware: which protected operation each server action id is. Action ids are
 * already public (every page that uses an action carries its id); this adds only the names.
 */
export function GET() {
  const table: ActionOperations = {};
  for (const exports of Object.values(SERVER_ACTION_MODULES)) {
    for (const value of Object.values(exports)) {
      const { $$id, operation } = value as ServerReference;
      if (typeof $$id === "string")
        table[$$id] = typeof operation === "string" ? (operation as never) : null;
    }
  }
  return Response.json(table, { headers: { "cache-control": "no-store" } });
}
