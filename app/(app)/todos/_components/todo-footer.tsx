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
    <footer className="footer">
      <span className="todo-count">
        <strong>{active}</strong> {active === 1 ? "item" : "items"} left
      </span>
      <ul className="filters">
        {filters.map((item) => (
          <li key={item.filter}>
            <Link
              href={item.href}
              aria-current={item.filter === filter ? "page" : undefined}
              className={item.filter === filter ? "selected" : undefined}
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
          <button type="submit" className="clear-completed">
            Clear completed
          </button>
        </form>
      ) : (
        <span aria-hidden="true" />
      )}
    </footer>
  );
}
