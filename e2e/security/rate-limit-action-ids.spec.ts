import { RULES } from "../../lib/rate-limit";
import { expect, test } from "../fixtures";
import { actionForms } from "./html-forms";

/**
 * Against the production build: a server action counts its own rule (lib/forms/action.ts), so it
 * is limited by what it is, not by its fields, whichever way it is posted. Every attempt below
 * names no "email" or "password" field at all.
 */
test("the sign-in action counts itself, whatever fields it carries and however it is posted", async ({
  playwright,
  baseURL,
}) => {
  const request = await playwright.request.newContext({
    baseURL,
    // One client address for every attempt, so the per-IP sign-in rule is the one that meets them.
    extraHTTPHeaders: { "x-real-ip": "198.19.200.1", origin: baseURL ?? "" },
  });
  const [form] = await actionForms(request, "/sign-in");
  const hidden = form?.hidden ?? {};
  const descriptor = Object.entries(hidden).find(([name]) => /^\$ACTION_\d+:0$/.test(name));
  const id = (JSON.parse(descriptor?.[1] ?? "{}") as { id?: string }).id ?? "";
  expect(id).toMatch(/^[0-9a-f]{40,}$/);

  const noScriptPost = () =>
    request.post("/sign-in", {
      multipart: { ...hidden, login: "victim@example.com", secret: "x" },
    });
  const fetchPost = () =>
    request.post("/sign-in", {
      headers: { "next-action": id, accept: "text/x-component" },
      multipart: { 0: JSON.stringify([{ status: "idle" }, "$K1"]), _1_login: "victim@example.com" },
    });
  for (let i = 0; i < RULES.signInPerIp.limit; i++) {
    const response = await (i % 2 ? fetchPost() : noScriptPost());
    expect(await response.text()).not.toMatch(/Too many attempts/);
  }
  const refused = await noScriptPost();
  expect(await refused.text()).toMatch(/Too many attempts\. Try again in \d+ seconds\./);
  await request.dispose();
});
