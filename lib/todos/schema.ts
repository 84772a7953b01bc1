import * as z from "zod";
import { TITLE_MAX_LENGTH } from "./title-check";

export { TITLE_MAX_LENGTH };

/** Counted in characters as a person sees them (code points), as Postgres' char_length does. */
export const todoTitle = z
  .string({ error: "Title must be text" })
  .trim()
  .min(1, "Title cannot be empty")
  .refine((title) => [...title].length <= TITLE_MAX_LENGTH, {
    message: `Title must be at most ${TITLE_MAX_LENGTH} characters`,
  })
  // NUL and lone surrogates cannot be stored as UTF-8 text (Postgres would refuse or alter them).
  .refine((title) => !title.includes("\u0000") && title.isWellFormed(), {
    message: "Title contains an invalid character",
  });

export const todoId = z.uuid({ error: "Not a todo id" });

/** The fields of a PATCH: one todo renamed, toggled, or both. */
export interface TodoPatch {
  title?: string;
  completed?: boolean;
}

export const todoFilter = z.enum(["all", "active", "completed"]);
export type TodoFilter = z.infer<typeof todoFilter>;

/** When the change was made on its device (an offline replay): last-writer-wins per field. */
export const editedAt = z.iso
  .datetime({ offset: true, error: "updatedAt must be an ISO 8601 date-time" })
  .transform((value) => new Date(value))
  .optional();

export const listTodosQuery = z.object({
  filter: todoFilter.default("all"),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListTodosQuery = z.infer<typeof listTodosQuery>;

/** What every API and page sees of a todo. */
export interface Todo {
  id: string;
  title: string;
  completed: boolean;
  createdAt: string;
  updatedAt: string;
}
