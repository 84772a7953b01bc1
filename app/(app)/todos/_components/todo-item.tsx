"use client";

import { type FormEvent, type KeyboardEvent, useRef, useState } from "react";
import type { TodoCommand } from "@/lib/todos/commands";
import type { ListedTodo } from "@/lib/todos/view";

export function TodoItem({
  todo,
  onChange,
  formAction,
}: {
  todo: ListedTodo;
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

  const toggle = () => onChange({ intent: "toggle", id: todo.id, completed: !todo.completed });

  // With JavaScript the row's one form never posts: the button that submitted it says what to do.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    if (submitter?.getAttribute("value") === "delete") onChange({ intent: "delete", id: todo.id });
    else toggle();
  }

  const state = [todo.completed && "completed", editing && "editing"].filter(Boolean).join(" ");
  return (
    <li className={state || undefined}>
      {editing ? (
        <input
          className="edit"
          aria-label={`Edit "${todo.title}"`}
          defaultValue={todo.title}
          maxLength={500}
          // biome-ignore lint/a11y/noAutofocus: the user just asked to edit this todo.
          autoFocus
          onKeyDown={onEditKey}
          onBlur={(event) => finishEditing(event.currentTarget.value)}
        />
      ) : (
        // One form per row, posted without JavaScript by the button pressed (its `intent`).
        <form action={formAction} onSubmit={onSubmit} className="view">
          <input type="hidden" name="id" value={todo.id} />
          <input type="hidden" name="completed" value={String(!todo.completed)} />
          <input
            className="toggle"
            type="checkbox"
            checked={todo.completed}
            aria-label={`Mark "${todo.title}" as ${todo.completed ? "not done" : "done"}`}
            onChange={toggle}
          />
          {/* biome-ignore lint/a11y/noLabelWithoutControl: TodoMVC's label; the checkbox has its own aria-label. */}
          <label onDoubleClick={startEditing}>{todo.title}</label>
          {/* First, so Enter in the row saves the checkbox. Shown only without JavaScript, to save
              the checkbox's change; its text "Save" comes from the CSS, so the row's text stays its
              title. Row buttons leave `type` out: submit is the default, and 50 rows repeat it. */}
          {/* biome-ignore lint/a11y/useButtonType: a submit button (the default type). */}
          <button name="intent" value="toggle" />
          {/* Without JavaScript, renaming happens on a page of its own. A plain link: with
              JavaScript a click edits in place, so a router link would be rendered for nothing. */}
          {/* biome-ignore lint/a11y/useAnchorContent: the CSS draws its icon; aria-label names it. */}
          <a
            href={`/todos/${todo.id}/edit`}
            onClick={(event) => {
              event.preventDefault();
              startEditing();
            }}
            aria-label={`Rename "${todo.title}"`}
          />
          {/* biome-ignore lint/a11y/useButtonType: a submit button (the default type). */}
          <button
            name="intent"
            value="delete"
            className="destroy"
            aria-label={`Delete "${todo.title}"`}
          />
        </form>
      )}
    </li>
  );
}
