import type { Page, Response } from "@playwright/test";
import { expect, test } from "../fixtures";
import { addTodo, signedInThroughApi, waitUntilSaved } from "../helpers";

const SIGNED_OUT_PAGES = [
  "/",
  "/sign-in",
  "/sign-up",
  "/forgot-password",
  "/reset-password?token=not-a-token",
  "/verify-email",
  "/approve-email-change?token=not-a-token",
  "/dev/mailbox",
  "/no-such-page",
];
const SIGNED_IN_PAGES = ["/todos", "/todos?filter=active", "/settings", "/settings/sessions"];

/** Records every Content-Security-Policy violation the browser reports on the page. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      seen.push(`${event.violatedDirective}: ${event.blockedURI}`);
    });
  });
  const console: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) console.push(message.text());
  });
  return async () => [
    ...console,
    ...(await page.evaluate(
      () => (window as unknown as { __cspViolations: string[] }).__cspViolations,
    )),
  ];
}

async function expectSecureHeaders(response: Response | null, page: Page) {
  if (!response) throw new Error("no response");
  const headers = response.headers();
  const policy = headers["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
  expect(nonce, "a nonce in script-src").toBeTruthy();
  expect(/script-src ([^;]*)/.exec(policy)?.[1]).not.toContain("unsafe-inline");
  expect(policy).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  // Every script the server rendered carries this response's nonce (or it would not run).
  const scripts = await page
    .locator("script")
    .evaluateAll((elements) => elements.map((e) => (e as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  for (const scriptNonce of scripts) expect(scriptNonce).toBe(nonce);
}

test("signed-out pages: strict CSP with a nonce, security headers, and no violation", async ({
  page,
}) => {
  const violations = await watchViolations(page);
  for (const path of SIGNED_OUT_PAGES) {
    const response = await page.goto(path);
    await expectSecureHeaders(response, page);
    await page.waitForLoadState("networkidle");
  }
  expect(await violations()).toEqual([]);
});

test("signed-in pages work under the CSP: no violation while using them", async ({ page }) => {
  await signedInThroughApi(page, "csp");
  const violations = await watchViolations(page);
  for (const path of SIGNED_IN_PAGES) {
    const response = await page.goto(path);
    await expectSecureHeaders(response, page);
  }
  await page.goto("/todos");
  await addTodo(page, "Runs under a strict policy");
  await waitUntilSaved(page);
  await page.reload();
  await expect(page.locator(".todo-list li label")).toHaveText(["Runs under a strict policy"]);
  const edit = await page.locator(".todo-list li a").first().getAttribute("href");
  expect(edit).toMatch(/^\/todos\/[0-9a-f-]+\/edit$/);
  await expectSecureHeaders(await page.goto(edit ?? ""), page);
  expect(await violations()).toEqual([]);
});

test("a script injected into the HTML does not run: the page's own policy blocks it", async ({
  page,
}) => {
  // What an HTML-injection bug would smuggle in: the real page and headers, plus an inline script
  // (without this response's nonce) and one that guesses a nonce.
  await page.route("**/sign-in", async (route) => {
    const response = await route.fetch();
    const injected = (await response.text()).replace(
      "</body>",
      `<script>window.__injected = true</script><script nonce="AAAAAAAAAAAAAAAAAAAAAA==">window.__guessed = true</script></body>`,
    );
    await route.fulfill({ response, body: injected });
  });
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  const ran = await page.evaluate(() => {
    const w = window as unknown as { __injected?: boolean; __guessed?: boolean };
    return { injected: Boolean(w.__injected), guessed: Boolean(w.__guessed) };
  });
  expect(ran).toEqual({ injected: false, guessed: false });
});

test("API answers are never cached and allow nothing to load", async ({ page }) => {
  await signedInThroughApi(page, "api-cache");
  for (const path of ["/api/todos", "/api/health", "/api/auth/get-session"]) {
    const response = await page.request.get(path);
    expect(response.ok()).toBe(true);
    expect(response.headers()["cache-control"], path).toContain("no-store");
    expect(response.headers()["content-security-policy"], path).toContain("default-src 'none'");
  }
});
