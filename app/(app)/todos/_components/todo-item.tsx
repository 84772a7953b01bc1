"use client";

import { type KeyboardEvent, useRef, useState } from "react";
import { NoScriptSubmit } from "@/components/no-script-submit";
import type { TodoCommand } from "@/lib/todos/commands";
import type { Todo } from "@/lib/todos/schema";

export function TodoItem({
  todo,
  onChange,
  formAction,
}: {
  todo: Todo;
  onChange: (command: TodoCommand) => void;
  /** The rows' form action, used only without JavaScript (todoRowFormAction). */
  formAction: (formData: FormData) => void | Promise<void>;
}) {
  const [editing, setEditing] = useState(false);
  // Enter commits and then the input blurs: this guard makes that one save, not two.
  const settled = useRef(false);

  function startEditing() {
    settled.current = false;
    setEditing(true);
  }

  function finishEditing(value: string | null) {
    if (settled.current) return;
    settled.current = true;
    setEditing(false);
    if (value === null) return;
    const title = value.trim();
    if (!title) onChange({ intent: "delete", id: todo.id });
    else if (title !== todo.title) onChange({ intent: "rename", id: todo.id, title });
  }

  function onEditKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") finishEditing(event.currentTarget.value);
    if (event.key === "Escape") finishEditing(null);
  }

  return (
    <li
      className={`group relative border-b border-zinc-200 last:border-b-0 dark:border-zinc-800 ${todo.completed ? "completed" : ""} ${editing ? "editing" : ""}`}
    >
      {editing ? (
        <input
          className="edit block w-full bg-white px-4 py-3 pl-14 text-lg outline-none ring-2 ring-inset ring-blue-600 dark:bg-zinc-900"
          aria-label={`Edit "${todo.title}"`}
          defaultValue={todo.title}
          maxLength={500}
          // biome-ignore lint/a11y/noAutofocus: the user just asked to edit this todo.
          autoFocus
          onKeyDown={onEditKey}
          onBlur={(event) => finishEditing(event.currentTarget.value)}
        />
      ) : (
        <div className="view flex items-center gap-3 px-4 py-3">
          <form action={formAction} className="flex">
            <input type="hidden" name="intent" value="toggle" />
            <input type="hidden" name="id" value={todo.id} />
            <input type="hidden" name="completed" value={String(!todo.completed)} />
            <input
              className="toggle size-6 cursor-pointer accent-emerald-600"
              type="checkbox"
              checked={todo.completed}
              aria-label={`Mark "${todo.title}" as ${todo.completed ? "not done" : "done"}`}
              onChange={() =>
                onChange({ intent: "toggle", id: todo.id, completed: !todo.completed })
              }
            />
            <NoScriptSubmit label="Save" />
          </form>
          {/* biome-ignore lint/a11y/noLabelWithoutControl: TodoMVC's label; the checkbox has its own aria-label. */}
          <label
            className={`min-w-0 flex-1 cursor-text break-words text-lg ${todo.completed ? "text-zinc-500 line-through dark:text-zinc-400" : ""}`}
            onDoubleClick={startEditing}
          >
            {todo.title}
          </label>
          {/* Without JavaScript, renaming happens on a page of its own. A plain link: with
              JavaScript a click edits in place, so a router link would be rendered for nothing. */}
          <a
            href={`/todos/${todo.id}/edit`}
            className="rounded p-1 text-zinc-600 opacity-100 hover:text-zinc-900 focus-visible:opacity-100 focus-visible:outline-2 focus-visible:outline-blue-600 sm:opacity-0 sm:group-hover:opacity-100 dark:text-zinc-400 dark:hover:text-zinc-100"
            onClick={(event) => {
              event.preventDefault();
              startEditing();
            }}
            aria-label={`Rename "${todo.title}"`}
          >
            <PencilIcon />
          </a>
          <form
            action={formAction}
            onSubmit={(event) => {
              event.preventDefault();
              onChange({ intent: "delete", id: todo.id });
            }}
          >
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="id" value={todo.id} />
            <button
              type="submit"
              className="destroy rounded p-1 text-red-700 opacity-100 hover:text-red-900 focus-visible:opacity-100 focus-visible:outline-2 focus-visible:outline-blue-600 sm:opacity-0 sm:group-hover:opacity-100 dark:text-red-400"
              aria-label={`Delete "${todo.title}"`}
            >
              <CrossIcon />
            </button>
          </form>
        </div>
      )}
    </li>
  );
}

// Icons carry no text, so an item's text is exactly its title (as TodoMVC tests expect).
function PencilIcon() {
  return (
    <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4" fill="currentColor">
      <path d="M13.6 2.6a2 2 0 0 1 2.8 2.8l-9 9-3.9 1.1 1.1-3.9 9-9Z" />
    </svg>
  );
}

function CrossIcon() {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 20 20"
      className="size-5"
      stroke="currentColor"
      strokeWidth="2"
    >
      <path d="M5 5l10 10M15 5 5 15" />
    </svg>
  );
}
