"use client";

import Link from "next/link";
import type { TodoFilter } from "@/lib/todos/schema";

const filters: { filter: TodoFilter; label: string; href: string }[] = [
  { filter: "all", label: "All", href: "/todos" },
  { filter: "active", label: "Active", href: "/todos?filter=active" },
  { filter: "completed", label: "Completed", href: "/todos?filter=completed" },
];

export function TodoFooter({
  active,
  completed,
  filter,
  onClearCompleted,
  formAction,
}: {
  active: number;
  completed: number;
  filter: TodoFilter;
  onClearCompleted: () => void;
  /** The list's form action: without JavaScript its answer shows on the page. */
  formAction: (formData: FormData) => void;
}) {
  return (
    <footer className="footer flex flex-wrap items-center justify-between gap-3 border-t border-zinc-200 px-4 py-3 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
      <span className="todo-count">
        <strong>{active}</strong> {active === 1 ? "item" : "items"} left
      </span>
      <ul className="filters flex gap-1">
        {filters.map((item) => (
          <li key={item.filter}>
            <Link
              href={item.href}
              aria-current={item.filter === filter ? "page" : undefined}
              className={`rounded-md border px-2 py-1 ${item.filter === filter ? "selected border-zinc-400 text-zinc-900 dark:border-zinc-500 dark:text-zinc-100" : "border-transparent hover:border-zinc-300 dark:hover:border-zinc-700"}`}
            >
              {item.label}
            </Link>
          </li>
        ))}
      </ul>
      {completed > 0 ? (
        <form
          action={formAction}
          onSubmit={(event) => {
            event.preventDefault();
            onClearCompleted();
          }}
        >
          <input type="hidden" name="intent" value="clear-completed" />
          <button type="submit" className="clear-completed hover:underline">
            Clear completed
          </button>
        </form>
      ) : (
        <span aria-hidden="true" />
      )}
    </footer>
  );
}
