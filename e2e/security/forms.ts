import { expect, type Page } from "@playwright/test";

export type Field = [name: string, value: string];

const decodeEntities = (text: string) =>
  text
    .replaceAll("&quot;", '"')
    .replaceAll("&#x27;", "'")
    .replaceAll("&#39;", "'")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&");

const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** The forms of a page as its no-JavaScript HTML has them: each form's inputs with their values. */
export async function formsOf(page: Page, path: string): Promise<Field[][]> {
  const response = await page.request.get(path);
  expect(response.status()).toBe(200);
  const html = await response.text();
  return [...html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)].map((form) =>
    [...(form[1] ?? "").matchAll(/<input\b[^>]*>/g)].flatMap(([tag]) => {
      const name = attribute(tag, "name");
      return name === undefined
        ? []
        : [[decodeEntities(name), decodeEntities(attribute(tag, "value") ?? "")]];
    }),
  );
}

/** The form whose hidden fields include all of these, e.g. { intent: "create" }. */
export async function formWith(page: Page, path: string, has: Record<string, string>) {
  const forms = await formsOf(page, path);
  const form = forms.find((fields) =>
    Object.entries(has).every(([name, value]) =>
      fields.some(([n, v]) => n === name && v === value),
    ),
  );
  if (!form) throw new Error(`no form with ${JSON.stringify(has)} on ${path}`);
  return form;
}

/** The form holding an input with this name (e.g. the settings password form's `currentPassword`). */
export async function formWithField(page: Page, path: string, field: string) {
  const form = (await formsOf(page, path)).find((fields) => fields.some(([n]) => n === field));
  if (!form) throw new Error(`no form with a ${field} field on ${path}`);
  return form;
}

/**
 * Posts a form to a page the way a browser without JavaScript does (multipart, Next's action
 * fields included), with the page's cookies, the given fields replaced, and the given headers.
 */
export async function postForm(
  page: Page,
  path: string,
  fields: Field[],
  overrides: Record<string, string>,
  headers: Record<string, string>,
) {
  const kept = fields.filter(([name]) => !(name in overrides));
  const multipart: Record<string, string> = {};
  for (const [name, value] of [...kept, ...Object.entries(overrides)]) multipart[name] = value;
  return page.request.post(path, { multipart, headers, maxRedirects: 0 });
}
