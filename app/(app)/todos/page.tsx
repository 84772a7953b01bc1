import type { Metadata } from "next";
import Link from "next/link";
import * as z from "zod";
import { requireActor } from "@/lib/identity/current";
import { endRevokedSession } from "@/lib/sessions/end-revoked-session";
import { offlineCopyUntil } from "@/lib/sessions/offline-copy";
import { loadTodoPage, SessionRevokedError, type TodoPage } from "@/lib/todos/queries";
import { todoFilter } from "@/lib/todos/schema";
import { TodoApp } from "./_components/todo-app";

export const metadata: Metadata = { title: "Your todos" };

/** Todos rendered per step, so a 10,000-todo list opens as fast as a short one; counts cover all. */
const PAGE_SIZE = 100;
const MAX_SHOWN = 10_000;

const showParam = z.coerce.number().int().min(PAGE_SIZE).max(MAX_SHOWN).catch(PAGE_SIZE);

type SearchParams = Promise<{ filter?: string; show?: string; unsaved?: string }>;

export default async function TodosPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireActor("/todos");
  const params = await searchParams;
  const filter = todoFilter.catch("all").parse(params.filter);
  const shown = showParam.parse(params.show);
  let page: TodoPage;
  try {
    page = await loadTodoPage(actor, { filter, limit: shown });
  } catch (error) {
    if (error instanceof SessionRevokedError) await endRevokedSession("/todos");
    throw error;
  }
  const { todos, nextCursor, counts, version, sessionExpiresAt } = page;
  const more = new URLSearchParams({
    ...(filter !== "all" && { filter }),
    show: String(shown + PAGE_SIZE),
  });
  return (
    <main className="mx-auto max-w-2xl px-4 py-8 sm:py-12">
      <TodoApp
        // Only what a row shows: the list travels to the browser twice (HTML and its React payload).
        todos={todos.map(({ id, title, completed }) => ({ id, title, completed }))}
        counts={counts}
        filter={filter}
        version={version}
        owner={actor.userId}
        keepOfflineUntil={await offlineCopyUntil(sessionExpiresAt)}
        unsaved={params.unsaved === "1"}
      />
      {nextCursor && shown < MAX_SHOWN && (
        <p className="mt-4 text-center">
          <Link
            href={`/todos?${more}`}
            scroll={false}
            className="font-medium text-blue-700 hover:underline dark:text-blue-400"
          >
            Show more
          </Link>
        </p>
      )}
      <p className="todos-hint">Double-click a todo to rename it.</p>
    </main>
  );
}
