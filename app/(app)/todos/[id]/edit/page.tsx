import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SubmitButton } from "@/components/ui/submit-button";
import { TextField } from "@/components/ui/text-field";
import { requireActor } from "@/lib/identity/current";
import { endRevokedSession } from "@/lib/sessions/end-revoked-session";
import { getTodo, SessionRevokedError } from "@/lib/todos/queries";
import { todoId } from "@/lib/todos/schema";
import { renameFromPageAction } from "../../actions";

export const metadata: Metadata = { title: "Rename todo" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ error?: string }> };

/** Renaming without JavaScript (with it, a double-click edits in place). */
export default async function RenameTodoPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { error } = await searchParams;
  const actor = await requireActor(`/todos/${id}/edit`);
  if (!todoId.safeParse(id).success) notFound();
  let todo: Awaited<ReturnType<typeof getTodo>>;
  try {
    todo = await getTodo(actor, id);
  } catch (caught) {
    if (caught instanceof SessionRevokedError) await endRevokedSession(`/todos/${id}/edit`);
    throw caught;
  }
  if (!todo) notFound();
  return (
    <main className="mx-auto max-w-2xl px-4 py-8 sm:py-12">
      <h1 className="mb-6 text-3xl font-bold tracking-tight">Rename todo</h1>
      <form
        action={renameFromPageAction}
        className="space-y-4 rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <input type="hidden" name="intent" value="rename" />
        <input type="hidden" name="id" value={todo.id} />
        <TextField
          label="Title"
          name="title"
          defaultValue={todo.title}
          required
          maxLength={500}
          error={error ? "Enter a title of 1 to 500 characters" : undefined}
        />
        <SubmitButton>Save</SubmitButton>
        <Link
          href="/todos"
          className="block text-center text-sm font-medium text-blue-700 hover:underline dark:text-blue-400"
        >
          Cancel
        </Link>
      </form>
    </main>
  );
}
