import { PATCH } from "@/app/api/todos/[id]/route";
import { GET, POST } from "@/app/api/todos/route";
import { CookieJar, callAuth, createVerifiedUser, request } from "@/test/http";

export const PASSWORD = "correct horse battery";
const noParams = { params: Promise.resolve({}) };
const withId = (id: string) => ({ params: Promise.resolve({ id }) });

/** One device's way of calling the REST API: a browser's cookies, or a script's bearer JWT. */
export interface Device {
  name: string;
  auth: { jar?: CookieJar; headers?: Record<string, string> };
}

/** One user signed in on a browser (cookies) and on a second device holding a bearer access JWT. */
export async function userOnTwoDevices(
  email: string,
): Promise<{ browser: Device; phone: Device; jar: CookieJar }> {
  const jar = await createVerifiedUser(email, PASSWORD);
  const phoneJar = new CookieJar();
  const signIn = await callAuth("/sign-in/email", {
    method: "POST",
    jar: phoneJar,
    json: { email, password: PASSWORD },
  });
  if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status}`);
  const token = await callAuth("/token", { jar: phoneJar });
  const jwt = (await token.json()).token as string;
  return {
    jar,
    browser: { name: "browser", auth: { jar } },
    phone: { name: "phone", auth: { headers: { authorization: `Bearer ${jwt}` } } },
  };
}

export async function createVia(device: Device, title: string) {
  return POST(
    await request("/api/todos", { method: "POST", ...device.auth, json: { title } }),
    noParams,
  );
}

export async function patchVia(device: Device, id: string, json: Record<string, unknown>) {
  return PATCH(
    await request(`/api/todos/${id}`, { method: "PATCH", ...device.auth, json }),
    withId(id),
  );
}

export async function listVia(device: Device, query = "") {
  return GET(await request(`/api/todos${query}`, device.auth), noParams);
}

export interface TodoJson {
  id: string;
  title: string;
  completed: boolean;
  createdAt: string;
  updatedAt: string;
}

/** Every todo through the REST API, following the cursor page by page. */
export async function listAll(device: Device): Promise<TodoJson[]> {
  const all: TodoJson[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const res = await listVia(device, query);
    if (res.status !== 200) throw new Error(`list failed: ${res.status}`);
    const page = (await res.json()) as { todos: TodoJson[]; nextCursor: string | null };
    all.push(...page.todos);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}
