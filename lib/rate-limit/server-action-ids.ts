/**
 * The server action(s) a POST invokes, read the way Next.js decides it
 * (next/dist/server/app-render/action-handler.js): the `Next-Action` header when present, else
 * every `$ACTION_ID_<id>` and `$ACTION_REF_<n>` descriptor of a multipart form (React's
 * decodeAction runs the last one; all of them are returned, so none goes uncounted).
 */
export async function serverActionIds(request: Request): Promise<string[]> {
  if (request.method !== "POST") return [];
  const header = request.headers.get("next-action");
  if (header !== null) return [header];
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("multipart/form-data")) return [];
  let form: FormData;
  try {
    form = await request.clone().formData();
  } catch {
    return [];
  }
  const ids = new Set<string>();
  for (const key of form.keys()) {
    if (key.startsWith("$ACTION_ID_")) ids.add(key.slice("$ACTION_ID_".length));
    if (!key.startsWith("$ACTION_REF_")) continue;
    const descriptor = form.get(`$ACTION_${key.slice("$ACTION_REF_".length)}:0`);
    const id = typeof descriptor === "string" ? descriptorId(descriptor) : undefined;
    if (id) ids.add(id);
  }
  return [...ids];
}

function descriptorId(descriptor: string): string | undefined {
  try {
    const { id } = JSON.parse(descriptor) as { id?: unknown };
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}
