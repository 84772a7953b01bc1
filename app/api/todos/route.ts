import { ApiError } from "@/lib/http/errors";
import { parseOrThrow, readJson } from "@/lib/http/request";
import { apiRoute } from "@/lib/http/route";
import { applyCommand } from "@/lib/todos/apply-command";
import { clearCompletedQuery, createTodoInput } from "@/lib/todos/commands";
import { InvalidCursorError, loadTodoPage, TodoIdTakenError } from "@/lib/todos/queries";
import { listTodosQuery } from "@/lib/todos/schema";

export const GET = apiRoute(async (request, actor) => {
  const query = parseOrThrow(listTodosQuery, Object.fromEntries(new URL(request.url).searchParams));
  try {
    const { todos, nextCursor } = await loadTodoPage(actor, query);
    return Response.json({ todos, nextCursor });
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new ApiError(400, "invalid_input", "Invalid cursor", { cursor: "Invalid cursor" });
    }
    throw error;
  }
});

export const POST = apiRoute(async (request, actor) => {
  const { updatedAt, ...fields } = parseOrThrow(createTodoInput, await readJson(request));
  try {
    const todo = await applyCommand(actor, { intent: "create", ...fields }, updatedAt);
    return Response.json(todo, { status: 201 });
  } catch (error) {
    if (error instanceof TodoIdTakenError) {
      throw new ApiError(409, "id_taken", "That id is taken: choose another", { id: "Taken" });
    }
    throw error;
  }
});

/** DELETE /api/todos?completed=true[&updatedAt=ISO] clears the completed todos (as of then). */
export const DELETE = apiRoute(async (request, actor) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  if (params.completed !== "true") {
    throw new ApiError(400, "invalid_input", "Only ?completed=true is supported", {
      completed: "Must be true",
    });
  }
  const { updatedAt } = parseOrThrow(clearCompletedQuery, params);
  const deleted = await applyCommand(actor, { intent: "clear-completed" }, updatedAt);
  return Response.json({ deleted });
});
