import type { Metadata } from "next";
import { endRevokedSession, requireActor } from "@/lib/session";
import { loadTodoPage, SessionRevokedError, type TodoPage } from "@/lib/todos/queries";
import { todoFilter } from "@/lib/todos/schema";
import { TodoApp } from "./_components/todo-app";

export const metadata: Metadata = { title: "Your todos" };

/** Todos shown per page load; the counter and toggle-all always cover the whole list. */
const PAGE_SIZE = 200;

export default async function TodosPage({
  searchParams,
}: {
  searchParams: Promise<{ filter?: string }>;
}) {
  const actor = await requireActor("/todos");
  const filter = todoFilter.catch("all").parse((await searchParams).filter);
  let page: TodoPage;
  try {
    page = await loadTodoPage(actor, { filter, limit: PAGE_SIZE });
  } catch (error) {
    if (error instanceof SessionRevokedError) await endRevokedSession("/todos");
    throw error;
  }
  const { todos, nextCursor, counts } = page;
  return (
    <main className="mx-auto max-w-2xl px-4 py-8 sm:py-12">
      <TodoApp todos={todos} counts={counts} filter={filter} />
      <p className="mt-6 text-center text-xs text-zinc-500">
        {nextCursor && `Showing the first ${PAGE_SIZE} todos. `}Double-click a todo to rename it.
      </p>
    </main>
  );
}
