import { parseOrThrow, readJson } from "@/lib/http/request";
import { apiRoute } from "@/lib/http/route";
import { toggleAll } from "@/lib/todos/queries";
import { toggleAllInput } from "@/lib/todos/schema";

export const POST = apiRoute(async (request, actor) => {
  const { completed, updatedAt } = parseOrThrow(toggleAllInput, await readJson(request));
  return Response.json({ updated: await toggleAll(actor, completed, updatedAt) });
});
