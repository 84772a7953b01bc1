import { RULES } from "../../lib/rate-limit";
import { expect, test } from "../fixtures";
import { actionForms } from "./html-forms";

/**
 * Against the production build: the edge knows a server action by its id (which only the build
 * knows), not by its fields. Every attempt below names no "email" or "password" field at all.
 */
test("the edge counts the sign-in action by its id, whatever fields it carries", async ({
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
    expect(response.headers()["ratelimit-policy"]).toContain('"signInPerIp"');
  }
  const refused = await noScriptPost();
  expect(await refused.text()).toMatch(/Too many attempts\. Try again in \d+ seconds\./);
  expect(refused.headers()["retry-after"]).toMatch(/^\d+$/);
  await request.dispose();
});
