import http from "node:http";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import fc from "fast-check";
import * as z from "zod";
import { todoId, todoTitle } from "../../lib/todos/schema";
import { anyString, nastyString, runs } from "../../test/security/fuzz/arbitraries";
import { expect, test } from "../fixtures";
import { signedInThroughApi } from "../helpers";
import { actionForms, type HtmlForm } from "./html-forms";

type Todo = { id: string; title: string; completed: boolean };

/** The app's todo commands, restated from lib/todos/commands.ts: what each may change. */
const completedField = z.stringbool();
const intents: Record<string, z.ZodType> = {
  create: z.object({ title: todoTitle, id: todoId.optional() }),
  toggle: z.object({ id: todoId, completed: completedField }),
  rename: z.object({ id: todoId, title: todoTitle }),
  delete: z.object({ id: todoId }),
  "toggle-all": z.object({ completed: completedField }),
  "clear-completed": z.object({}),
};

async function todos(request: APIRequestContext): Promise<Todo[]> {
  const response = await request.get("/api/todos?limit=200");
  expect(response.status()).toBe(200);
  const list = ((await response.json()).todos as Todo[]).map(({ id, title, completed }) => ({
    id,
    title,
    completed,
  }));
  return list.sort((a, b) => a.id.localeCompare(b.id));
}

/** A normal page or redirect: never a 5xx, Next's error page, or a stack trace. */
async function expectCleanAnswer(response: APIResponse): Promise<string> {
  const body = await response.text();
  expect(response.status(), body.slice(0, 500)).toBeLessThan(500);
  expect(body).not.toMatch(/\n\s+at [^\n]+:\d+:\d+/);
  expect(body).not.toMatch(/Application error|Internal Server Error|server-side exception/i);
  return body;
}

/** What the todo list may look like after a form post: unchanged, or exactly the parsed intent applied. */
function allowedAfter(
  before: Todo[],
  fields: Record<string, string>,
): ((after: Todo[]) => boolean) | undefined {
  const intent = fields.intent ?? "";
  const schema = Object.hasOwn(intents, intent) ? intents[intent] : undefined;
  const parsed = schema?.safeParse(fields);
  if (!parsed?.success) return undefined;
  const input = parsed.data as { id?: string; title?: string; completed?: boolean };
  const mine = before.find((todo) => todo.id === input.id);
  const same = (a: Todo[], b: Todo[]) => JSON.stringify(a) === JSON.stringify(b);
  return (after) => {
    switch (fields.intent) {
      case "create": {
        const added = after.filter((todo) => !before.some((b) => b.id === todo.id));
        return (
          added.length === 1 &&
          added[0]?.title === input.title &&
          same(
            after.filter((t) => t !== added[0]),
            before,
          )
        );
      }
      case "toggle":
      case "rename":
        return (
          !!mine &&
          same(
            after,
            before.map((t) => (t.id === mine.id ? { ...t, ...input, id: t.id } : t)),
          )
        );
      case "delete":
        return (
          !!mine &&
          same(
            after,
            before.filter((t) => t.id !== mine.id),
          )
        );
      case "toggle-all":
        return same(
          after,
          before.map((t) => ({ ...t, completed: input.completed ?? t.completed })),
        );
      default:
        return same(
          after,
          before.filter((t) => !t.completed),
        );
    }
  };
}

/**
 * Each field: as rendered, missing, or arbitrary text (unicode, NUL, lone surrogates, up to 50k
 * characters, so a whole form stays under Next's 1 MB action body limit; see the test past it).
 */
function fuzzedFields(form: HtmlForm) {
  const names = [
    ...form.fields,
    ...Object.keys(form.hidden).filter((name) => !name.startsWith("$ACTION")),
  ];
  const value = fc.oneof(
    { weight: 2, arbitrary: fc.constant<string | undefined>(undefined) },
    { weight: 3, arbitrary: anyString.filter((s) => s.length <= 50_000) },
    {
      weight: 1,
      arbitrary: fc.constantFrom("true", "false", "on", "", "00000000-0000-4000-8000-000000000000"),
    },
  );
  const entries = fc.tuple(...names.map((name) => fc.tuple(fc.constant(name), value)));
  const extra = fc.dictionary(
    nastyString.filter((k) => k.length > 0 && !k.startsWith("$")),
    nastyString,
    { maxKeys: 2 },
  );
  return fc.tuple(entries, extra, fc.boolean()).map(([pairs, more, keepOriginal]) => {
    const fields: Record<string, string> = { ...form.hidden, ...more };
    for (const [name, fuzz] of pairs) {
      if (keepOriginal && name in form.hidden) continue;
      if (fuzz === undefined) delete fields[name];
      else fields[name] = fuzz;
    }
    return fields;
  });
}

let clients = 0;
/** A new client address per post, so per-IP limits on sign-in and sign-up do not end the run early. */
const freshIp = () => {
  clients += 1;
  return `198.51.${Math.floor(clients / 250) % 250}.${clients % 250}`;
};

async function post(request: APIRequestContext, path: string, fields: Record<string, string>) {
  return request.post(path, {
    multipart: fields,
    headers: {
      origin: new URL(path, test.info().project.use.baseURL ?? "http://x").origin,
      "x-real-ip": freshIp(),
    },
    maxRedirects: 0,
  });
}

test.describe("fuzz: server actions posted as no-JavaScript forms", () => {
  test("todo forms answer any field values with a normal page and change exactly what a valid intent says, or nothing", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await signedInThroughApi(page, "fuzz-actions");
    for (const title of ["one", "two", "three"]) {
      expect((await page.request.post("/api/todos", { data: { title } })).status()).toBe(201);
    }
    // Only the todo forms: the header's field-less form signs out.
    const isTodoForm = (form: HtmlForm) => "intent" in form.hidden;
    const forms = (await actionForms(page.request, "/todos")).filter(isTodoForm);
    const intentsSeen = new Set(forms.map((form) => form.hidden.intent));
    expect([...intentsSeen]).toEqual(
      expect.arrayContaining(["create", "toggle", "delete", "toggle-all"]),
    );
    const todoId0 = (await todos(page.request))[0]?.id ?? "";
    const rename = (await actionForms(page.request, `/todos/${todoId0}/edit`)).filter(isTodoForm);
    expect(rename.length).toBe(1);
    const all = [...forms, ...rename];

    await fc.assert(
      fc.asyncProperty(
        fc.nat().chain((n) => {
          const form = all[n % all.length] as HtmlForm;
          return fuzzedFields(form).map((fields) => ({
            fields,
            path: form === rename[0] ? `/todos/${todoId0}/edit` : "/todos",
          }));
        }),
        async ({ fields, path }) => {
          const before = await todos(page.request);
          await expectCleanAnswer(await post(page.request, path, fields));
          const after = await todos(page.request);
          // What the server receives: form values travel as UTF-8, lone surrogates become U+FFFD.
          const received = Object.fromEntries(
            Object.entries(fields).map(([k, v]) => [k.toWellFormed(), v.toWellFormed()]),
          );
          const change = allowedAfter(before, received);
          if (JSON.stringify(after) === JSON.stringify(before)) return;
          expect(
            change,
            `unexpected write for ${JSON.stringify(fields).slice(0, 300)}`,
          ).toBeDefined();
          expect(change?.(after)).toBe(true);
        },
      ),
      { numRuns: runs(80) },
    );
  });

  test("sign-in, sign-up, reset and settings forms answer any field values with a page or form state, never an error page, and leave the todos alone", async ({
    page,
  }) => {
    test.setTimeout(150_000);
    await signedInThroughApi(page, "fuzz-forms");
    expect((await page.request.post("/api/todos", { data: { title: "keep me" } })).status()).toBe(
      201,
    );
    const before = await todos(page.request);
    // Signed-out pages are read in a signed-out context (signed-in users are sent on to /todos).
    const anonymous = await page
      .context()
      .browser()
      ?.newContext({ baseURL: test.info().project.use.baseURL });
    const anon = anonymous?.request ?? page.request;
    const targets: { path: string; forms: HtmlForm[]; request: APIRequestContext }[] = [];
    for (const path of [
      "/sign-in",
      "/sign-up",
      "/forgot-password",
      "/reset-password?token=fuzz",
      "/verify-email?email=a%40b.c",
    ]) {
      targets.push({ path, forms: await actionForms(anon, path), request: anon });
    }
    // Settings forms that take input (the field-less ones sign out).
    const settings = (await actionForms(page.request, "/settings")).filter(
      (form) => form.fields.length > 0,
    );
    targets.push({ path: "/settings", forms: settings, request: page.request });
    for (const { path, forms } of targets) expect(forms.length, path).toBeGreaterThan(0);
    let answered = 0;

    await fc.assert(
      fc.asyncProperty(
        fc.nat().chain((n) => {
          const target = targets[n % targets.length] as (typeof targets)[number];
          const form = target.forms[
            Math.floor(n / targets.length) % target.forms.length
          ] as HtmlForm;
          return fuzzedFields(form).map((fields) => ({ target, fields }));
        }),
        async ({ target, fields }) => {
          const body = await expectCleanAnswer(await post(target.request, target.path, fields));
          // The action ran and answered in words: a form state the page shows.
          if (/Check the highlighted field|Wrong email or password|on its way|Too many/.test(body))
            answered += 1;
        },
      ),
      { numRuns: runs(60) },
    );
    expect(answered).toBeGreaterThan(0);
    // Still signed in, and the todos untouched.
    expect(await todos(page.request)).toEqual(before);
    await anonymous?.close();
  });

  test("connected-account forms answer any provider or account id with a page, a form state or the provider's page, and tie nothing to the account", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await signedInThroughApi(page, "fuzz-connected");
    // Just signed in (a step-up): "Connect Test IdP" is offered, its provider in a hidden field.
    const forms = (await actionForms(page.request, "/settings/security")).filter(
      (form) => "provider" in form.hidden || "accountId" in form.hidden,
    );
    expect(forms.length).toBeGreaterThan(0);
    const accounts = async () =>
      (
        (await (await page.request.get("/api/auth/list-accounts")).json()) as {
          providerId: string;
        }[]
      )
        .map((account) => account.providerId)
        .sort();
    const before = await accounts();
    await fc.assert(
      fc.asyncProperty(
        fc.nat().chain((n) => fuzzedFields(forms[n % forms.length] as HtmlForm)),
        async (fields) => {
          const response = await post(page.request, "/settings/security", fields);
          await expectCleanAnswer(response);
        },
      ),
      { numRuns: runs(40) },
    );
    // Starting a link is not linking: only a provider's answer on the callback ties an account.
    expect(await accounts()).toEqual(before);
  });

  test("tampered action ids, references and bound state get no error page and write nothing", async ({
    page,
  }) => {
    await signedInThroughApi(page, "fuzz-refs");
    expect((await page.request.post("/api/todos", { data: { title: "stay" } })).status()).toBe(201);
    const [create] = (await actionForms(page.request, "/todos")).filter(
      (form) => form.hidden.intent === "create",
    );
    const [settingsForm] = (await actionForms(page.request, "/settings")).filter(
      (form) => form.fields.length > 0,
    );
    const before = await todos(page.request);
    const tampered = fc.oneof(
      fc
        .tuple(nastyString, nastyString)
        .map(([id, value]) => ({ [`$ACTION_ID_${id}`]: value, intent: "create", title: "x" })),
      fc.tuple(nastyString, nastyString, nastyString).map(([ref, bound, key]) => ({
        $ACTION_REF_1: ref,
        "$ACTION_1:0": bound,
        "$ACTION_1:1": bound,
        $ACTION_KEY: key,
      })),
      fc.string().map((bound) => ({ ...settingsForm?.hidden, "$ACTION_1:1": bound })),
      fc.constant({ ...create?.hidden, $ACTION_ID_: "" }),
    );
    await fc.assert(
      fc.asyncProperty(tampered, async (fields) => {
        await expectCleanAnswer(
          await post(page.request, "/todos", fields as Record<string, string>),
        );
      }),
      { numRuns: runs(40) },
    );
    expect(await todos(page.request)).toEqual(before);
  });

  test("a form post over Next's 1 MB action body limit gets a 413, not a 500, and writes nothing", async ({
    page,
  }) => {
    // Next would answer 500 before any app code runs: the middleware refuses it first.
    await signedInThroughApi(page, "fuzz-huge");
    const [create] = (await actionForms(page.request, "/todos")).filter(
      (form) => form.hidden.intent === "create",
    );
    const before = await todos(page.request);
    const response = await post(page.request, "/todos", {
      ...create?.hidden,
      title: "x".repeat(1_100_000),
    });
    expect(await todos(page.request)).toEqual(before);
    expect(response.status()).toBe(413);
  });

  test("the same post sent chunked, declaring no Content-Length, gets the 413 too and writes nothing; a small chunked post still saves", async ({
    page,
  }) => {
    await signedInThroughApi(page, "fuzz-huge-chunked");
    const [create] = (await actionForms(page.request, "/todos")).filter(
      (form) => form.hidden.intent === "create",
    );
    const before = await todos(page.request);
    const url = new URL("/todos", test.info().project.use.baseURL);
    const cookie = (await page.context().cookies())
      .map(({ name, value }) => `${name}=${value}`)
      .join("; ");
    const postTitle = async (title: string) => {
      const form = new FormData();
      for (const [name, value] of Object.entries({ ...create?.hidden, title }))
        form.set(name, value);
      const encoded = new Request("http://encode.invalid/", { method: "POST", body: form });
      return postChunked(url, Buffer.from(await encoded.arrayBuffer()), {
        cookie,
        origin: url.origin,
        "content-type": encoded.headers.get("content-type") ?? "",
        "x-real-ip": freshIp(),
      });
    };
    expect(await postTitle("x".repeat(1_100_000))).toBe(413);
    expect(await todos(page.request)).toEqual(before);
    expect(await postTitle("sent in chunks")).toBeLessThan(400);
    expect((await todos(page.request)).map((todo) => todo.title)).toContain("sent in chunks");
  });
});

/** A POST whose body goes out in chunks with no Content-Length, as a streaming client sends it. */
function postChunked(url: URL, body: Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: "POST", headers: { ...headers, "transfer-encoding": "chunked" } },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    // The server may answer and close before the whole body is written: the status is what counts.
    request.on("error", reject);
    for (let at = 0; at < body.length; at += 64 * 1024)
      request.write(body.subarray(at, at + 64 * 1024));
    request.end();
  });
}
