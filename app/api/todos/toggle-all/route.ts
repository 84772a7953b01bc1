import { parseOrThrow, readJson } from "@/lib/http/request";
import { apiRoute } from "@/lib/http/route";
import { applyCommand } from "@/lib/todos/apply-command";
import { toggleAllInput } from "@/lib/todos/commands";

export const POST = apiRoute(async (request, actor) => {
  const { updatedAt, ...fields } = parseOrThrow(toggleAllInput, await readJson(request));
  const updated = await applyCommand(actor, { intent: "toggle-all", ...fields }, updatedAt);
  return Response.json({ updated });
});
