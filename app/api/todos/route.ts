import { ApiError } from "@/lib/http/errors";
import { parseOrThrow, readJson } from "@/lib/http/request";
import { apiRoute } from "@/lib/http/route";
import { clearCompleted, createTodo, InvalidCursorError, loadTodoPage } from "@/lib/todos/queries";
import { createTodoInput, listTodosQuery } from "@/lib/todos/schema";

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
  const { title } = parseOrThrow(createTodoInput, await readJson(request));
  return Response.json(await createTodo(actor, title), { status: 201 });
});

/** DELETE /api/todos?completed=true clears the completed todos. */
export const DELETE = apiRoute(async (request, actor) => {
  if (new URL(request.url).searchParams.get("completed") !== "true") {
    throw new ApiError(400, "invalid_input", "Only ?completed=true is supported", {
      completed: "Must be true",
    });
  }
  return Response.json({ deleted: await clearCompleted(actor) });
});
