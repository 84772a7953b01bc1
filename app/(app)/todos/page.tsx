import type { Metadata } from "next";
import { requireSession } from "@/lib/session";
import { countTodos, listTodos } from "@/lib/todos/queries";
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
  const { user } = await requireSession("/todos");
  const filter = todoFilter.catch("all").parse((await searchParams).filter);
  const [{ todos, nextCursor }, counts] = await Promise.all([
    listTodos(user.id, { filter, limit: PAGE_SIZE }),
    countTodos(user.id),
  ]);
  return (
    <main className="mx-auto max-w-2xl px-4 py-8 sm:py-12">
      <TodoApp todos={todos} counts={counts} filter={filter} />
      <p className="mt-6 text-center text-xs text-zinc-500">
        {nextCursor && `Showing the first ${PAGE_SIZE} todos. `}Double-click a todo to rename it.
      </p>
    </main>
  );
}
