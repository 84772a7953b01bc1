import "server-only";
import type { Actor } from "@/lib/sessions/actor";
import type { TodoCommand, TodoEdit } from "./commands";
import { clearCompleted, createTodo, deleteTodo, toggleAll, updateTodo } from "./queries";
import type { Todo, TodoPatch } from "./schema";

/** What saving each kind of command answers. */
export interface CommandResults {
  create: Todo;
  /** Undefined: no such todo for this user (gone, or someone else's). */
  toggle: Todo | undefined;
  rename: Todo | undefined;
  delete: boolean;
  "toggle-all": number;
  "clear-completed": number;
}

/**
 * Saves a command for its actor; every statement names the user and checks the device's session
 * (lib/todos/queries.ts). `at`: when a replayed offline command was made, so the newer edit wins.
 */
export async function applyCommand<C extends TodoCommand>(
  actor: Actor,
  command: C,
  at?: Date,
): Promise<CommandResults[C["intent"]]> {
  return (await save(actor, command, at)) as CommandResults[C["intent"]];
}

function save(actor: Actor, command: TodoCommand, at?: Date) {
  switch (command.intent) {
    case "create":
      return createTodo(actor, command.title, command.id, at);
    case "toggle":
    case "rename":
      return applyEdits(actor, [command], at);
    case "delete":
      return deleteTodo(actor, command.id);
    case "toggle-all":
      return toggleAll(actor, command.completed, at);
    case "clear-completed":
      return clearCompleted(actor, at);
  }
}

/** Edits of one todo (a PATCH may rename and toggle it) in one statement: all saved, or none. */
export function applyEdits(
  actor: Actor,
  edits: [TodoEdit, ...TodoEdit[]],
  at?: Date,
): Promise<Todo | undefined> {
  const patch: TodoPatch = {};
  for (const edit of edits) {
    if (edit.intent === "rename") patch.title = edit.title;
    else patch.completed = edit.completed;
  }
  return updateTodo(actor, edits[0].id, patch, at);
}
