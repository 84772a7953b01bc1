import type { APIRequestContext } from "@playwright/test";

/** A form as the server rendered it for browsers without JavaScript. */
export interface HtmlForm {
  /** Hidden inputs React renders to name the action ($ACTION_ID_…, $ACTION_REF_…, $ACTION_KEY) and bound ones. */
  hidden: Record<string, string>;
  /** Names of the inputs a person fills in or ticks. */
  fields: string[];
}

const ENTITIES: Record<string, string> = {
  quot: '"',
  amp: "&",
  lt: "<",
  gt: ">",
  "#x27": "'",
  "#39": "'",
};
const decode = (text: string) =>
  text.replace(/&(quot|amp|lt|gt|#x27|#39);/g, (_, e: string) => ENTITIES[e] ?? "");

function attributes(tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const [, name = "", value = ""] of tag.matchAll(/([\w:$-]+)="([^"]*)"/g))
    attrs[name] = decode(value);
  return attrs;
}

/**
 * Every server-action form of a page, read from its HTML as a browser without JavaScript would:
 * a form with named submit buttons once per button, as pressing each posts it.
 */
export async function actionForms(request: APIRequestContext, path: string): Promise<HtmlForm[]> {
  const html = await (await request.get(path)).text();
  const forms: HtmlForm[] = [];
  for (const [, body = ""] of html.matchAll(/<form[^>]*method="POST"[^>]*>([\s\S]*?)<\/form>/g)) {
    const form: HtmlForm = { hidden: {}, fields: [] };
    for (const [tag] of body.matchAll(/<(input|textarea)\b[^>]*>/g)) {
      const { name, type, value } = attributes(tag);
      if (!name) continue;
      if (type === "hidden") form.hidden[name] = value ?? "";
      else form.fields.push(name);
    }
    if (!Object.keys(form.hidden).some((name) => name.startsWith("$ACTION_"))) continue;
    // A browser also sends the name and value of the button that submitted the form: one per button.
    const buttons = [...body.matchAll(/<button\b[^>]*>/g)]
      .map(([tag]) => attributes(tag))
      .filter((button) => button.name && button.type !== "button");
    if (buttons.length === 0) forms.push(form);
    for (const { name = "", value = "" } of buttons)
      forms.push({ ...form, hidden: { ...form.hidden, [name]: value } });
  }
  return forms;
}
