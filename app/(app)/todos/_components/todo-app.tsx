"use client";

import { useRouter } from "next/navigation";
import {
  type FormEvent,
  useActionState,
  useEffect,
  useMemo,
  useOptimistic,
  useState,
  useTransition,
} from "react";
import type { TodoCommand } from "@/lib/todos/commands";
import type { TodoFilter } from "@/lib/todos/schema";
import { titleProblem } from "@/lib/todos/title-check";
import {
  announcementFor,
  applyToView,
  formDataOf,
  type ListedTodo,
  type TodoCounts,
} from "@/lib/todos/view";
import { type TodoActionResult, todoAction, todoFormAction, todoRowFormAction } from "../actions";
import { TodoFooter } from "./todo-footer";
import { TodoItem } from "./todo-item";
import { useLiveFeed } from "./use-live-feed";
import { useOfflineQueue } from "./use-offline-queue";

const saved: TodoActionResult = { ok: true };
const unsavedRow: TodoActionResult = {
  ok: false,
  error: "Your change was not saved; try again.",
};

export function TodoApp({
  todos,
  counts,
  filter,
  version,
  owner,
  keepOfflineUntil,
  unsaved = false,
}: {
  todos: ListedTodo[];
  counts: TodoCounts;
  filter: TodoFilter;
  /** The user's change counter as of this render (see useLiveFeed). */
  version: string;
  /** The signed-in user's id: the offline copy and queue belong to them alone. */
  owner: string;
  /** The session's expiry if it may keep an offline copy ("Remember me"), else null. */
  keepOfflineUntil: string | null;
  /** A row's form posted without JavaScript was refused (todoRowFormAction). */
  unsaved?: boolean;
}) {
  const server = useMemo(() => ({ todos, counts }), [todos, counts]);
  const offline = useOfflineQueue(owner, filter, server, keepOfflineUntil);
  // Changes waiting in the offline queue show as made, on top of the last list the device has.
  const local = useMemo(
    () => offline.waiting.reduce(applyToView, offline.base),
    [offline.waiting, offline.base],
  );
  const [view, applyOptimistic] = useOptimistic(local, applyToView);
  const [saving, startTransition] = useTransition();
  const [error, setError] = useState("");
  const [announcement, setAnnouncement] = useState("");
  // Every form posts here, so one posted before JavaScript ran comes back with its answer.
  const [posted, formAction] = useActionState(todoFormAction, unsaved ? unsavedRow : saved);
  // That answer stands until a change is made on this page.
  const [answered, setAnswered] = useState<TodoActionResult>();
  const refusal = posted.ok || posted === answered ? undefined : posted;
  const [titleRefused, setTitleRefused] = useState<string>();
  const titleError = titleRefused ?? refusal?.fields?.title;
  const router = useRouter();

  useLiveFeed(version);
  // A device back from sleep catches up at once, without waiting for the feed to reconnect.
  useEffect(() => {
    const refresh = () => {
      if (document.visibilityState === "visible" && navigator.onLine) router.refresh();
    };
    window.addEventListener("focus", refresh);
    document.addEventListener("visibilitychange", refresh);
    return () => {
      window.removeEventListener("focus", refresh);
      document.removeEventListener("visibilitychange", refresh);
    };
  }, [router]);

  function change(command: TodoCommand) {
    setError("");
    setAnswered(posted);
    setAnnouncement(announcementFor(command, view.todos));
    const pending = { ...command, at: new Date().toISOString() };
    // Offline, or behind changes still waiting: into the queue, so the server sees them in order.
    if (!offline.online || offline.waiting.length > 0) {
      void offline.queue(pending);
      return;
    }
    startTransition(async () => {
      applyOptimistic(pending);
      try {
        const result = await todoAction(formDataOf(command));
        // The optimistic change rolls back by itself; say why.
        if (!result.ok) setError(result.error);
      } catch {
        // The connection dropped on the way: the change waits in the queue (replays are idempotent).
        await offline.queue(pending);
      }
    });
  }

  function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem("title") as HTMLInputElement;
    // TodoMVC ignores a blank title; any other the server would refuse is explained at once.
    if (!input.value.trim()) return;
    setAnswered(posted);
    const refused = titleProblem(input.value);
    setTitleRefused(refused);
    if (refused) {
      setAnnouncement(refused);
      return;
    }
    // The optimistic row's id becomes the saved row's id: it keeps its identity (and edit state).
    change({ intent: "create", id: crypto.randomUUID(), title: input.value.trim() });
    input.value = "";
  }

  // A refused title is explained next to its field; anything else here.
  const failure = error || (refusal && !refusal.fields?.title ? refusal.error : "");
  const visible = view.todos.filter(
    (todo) => filter === "all" || todo.completed === (filter === "completed"),
  );
  const { total, active } = view.counts;

  return (
    <section
      // Busy while changes are on their way to the server (assistive tech and tests can wait on it).
      aria-busy={saving}
      className="todoapp"
    >
      <header className="header">
        <h1>todos</h1>
        <form action={formAction} onSubmit={onCreate}>
          <input type="hidden" name="intent" value="create" />
          <input
            className="new-todo"
            name="title"
            placeholder="What needs to be done?"
            aria-label="New todo"
            aria-invalid={titleError ? true : undefined}
            aria-describedby={titleError ? "new-todo-error" : undefined}
            maxLength={500}
            required
            autoComplete="off"
            // biome-ignore lint/a11y/noAutofocus: TodoMVC focuses the new-todo input on load.
            autoFocus
          />
        </form>
        {titleError && (
          <p id="new-todo-error" className="px-4 py-2 text-sm text-red-700 dark:text-red-400">
            {titleError}
          </p>
        )}
      </header>
      <p
        role="status"
        aria-live="polite"
        className={
          failure
            ? "bg-red-50 px-4 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
            : "sr-only"
        }
      >
        {failure || announcement}
      </p>
      <OfflineBanner
        online={offline.online}
        waiting={offline.waiting.length}
        dropped={offline.dropped}
      />
      {total > 0 && (
        <>
          <section className="main">
            <form action={formAction}>
              <input type="hidden" name="intent" value="toggle-all" />
              <input type="hidden" name="completed" value={String(active > 0)} />
              <input
                id="toggle-all"
                className="toggle-all"
                type="checkbox"
                checked={active === 0}
                onChange={() => change({ intent: "toggle-all", completed: active > 0 })}
              />
              <label htmlFor="toggle-all" className="sr-only">
                Mark all as complete
              </label>
              <button type="submit" className="no-js">
                Apply
              </button>
            </form>
            <ul className="todo-list">
              {visible.map((todo) => (
                <TodoItem
                  key={todo.id}
                  todo={todo}
                  onChange={change}
                  formAction={todoRowFormAction}
                />
              ))}
            </ul>
          </section>
          <TodoFooter
            active={active}
            completed={total - active}
            filter={filter}
            onClearCompleted={() => change({ intent: "clear-completed" })}
            formAction={formAction}
          />
        </>
      )}
    </section>
  );
}

function OfflineBanner({
  online,
  waiting,
  dropped,
}: {
  online: boolean;
  waiting: number;
  dropped: string[];
}) {
  if (online && waiting === 0 && dropped.length === 0) return null;
  const changes = `${waiting} ${waiting === 1 ? "change" : "changes"} waiting`;
  return (
    <p
      role="status"
      className="offline-state bg-amber-50 px-4 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
    >
      {online ? (waiting > 0 ? `Syncing — ${changes}` : "") : `Offline — ${changes}`}
      {dropped.length > 0 && ` Not saved: ${dropped.join("; ")}`}
    </p>
  );
}
