// The server's title rules (todoTitle in ./schema.ts) without Zod, so the browser can explain a
// refused title at once without downloading Zod. title-check.test.ts holds the two in step.

export const TITLE_MAX_LENGTH = 500;

/** Why the server would refuse this title (trimmed, as it stores it), or undefined if it would not. */
export function titleProblem(title: string): string | undefined {
  const trimmed = title.trim();
  if (!trimmed) return "Title cannot be empty";
  // Counted in characters as a person sees them (code points), as Postgres' char_length does.
  if ([...trimmed].length > TITLE_MAX_LENGTH)
    return `Title must be at most ${TITLE_MAX_LENGTH} characters`;
  if (trimmed.includes("\u0000") || !trimmed.isWellFormed())
    return "Title contains an invalid character";
  return undefined;
}
