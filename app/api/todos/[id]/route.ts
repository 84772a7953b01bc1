import { notFound } from "@/lib/http/errors";
import { parseOrThrow, readJson } from "@/lib/http/request";
import { apiRoute } from "@/lib/http/route";
import { applyCommand, applyEdits } from "@/lib/todos/apply-command";
import { editsOf, updateTodoInput } from "@/lib/todos/commands";
import { todoId } from "@/lib/todos/schema";

type Params = { id: string };

export const PATCH = apiRoute<Params>(async (request, actor, { id }) => {
  if (!todoId.safeParse(id).success) throw notFound();
  const { updatedAt, ...patch } = parseOrThrow(updateTodoInput, await readJson(request));
  const todo = await applyEdits(actor, editsOf(id, patch), updatedAt);
  if (!todo) throw notFound();
  return Response.json(todo);
});

export const DELETE = apiRoute<Params>(async (_request, actor, { id }) => {
  if (!todoId.safeParse(id).success || !(await applyCommand(actor, { intent: "delete", id }))) {
    throw notFound();
  }
  return new Response(null, { status: 204 });
});
