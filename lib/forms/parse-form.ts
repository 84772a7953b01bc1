import "server-only";
import type * as z from "zod";
import { fieldErrors } from "@/lib/http/request";
import { rateLimitRefusal } from "@/lib/rate-limit/form-refusal";
import { CROSS_ORIGIN_MESSAGE, isCrossOriginPost } from "./same-origin";
import type { FormState } from "./state";

export type ParsedForm<T extends z.ZodType> =
  | { ok: true; data: z.infer<T> }
  | { ok: false; state: FormState };

/**
 * The start of every form action: the origin, the middleware's rate-limit verdict, then the schema. On
 * failure the form gets a message, an error per field, and back what was typed in `keep` (never
 * a password).
 */
export async function parseForm<T extends z.ZodType>(
  schema: T,
  formData: FormData,
  keep: string[] = [],
): Promise<ParsedForm<T>> {
  const values = Object.fromEntries(keep.map((name) => [name, String(formData.get(name) ?? "")]));
  if (await isCrossOriginPost()) {
    return { ok: false, state: { status: "error", message: CROSS_ORIGIN_MESSAGE, values } };
  }
  const refused = await rateLimitRefusal(values);
  if (refused) return { ok: false, state: refused };
  const parsed = schema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    const state: FormState = {
      status: "error",
      message: "Check the highlighted fields.",
      fields: fieldErrors(parsed.error),
      values,
    };
    return { ok: false, state };
  }
  return { ok: true, data: parsed.data };
}
