import type { APIRequestContext, BrowserContext, Page } from "@playwright/test";
import { leakedSecrets } from "../../test/security/logs/secret-forms";
import { expect, test } from "../fixtures";
import { followEmailLink, uniqueEmail } from "../helpers";
import { type CapturedServer, startCapturedServer } from "./server-process";

// A server of its own (port in this suite's range), so its whole stdout and stderr can be read.
const PORT = Number(process.env.LOG_CAPTURE_PORT ?? 3270);
const FIRST_PASSWORD = "first logged secret 1";
const WRONG_PASSWORD = "wrong logged secret 2";
const NEW_PASSWORD = "second logged secret 3";

let server: CapturedServer;
/** Every credential the browser and the API client saw, by label. */
const secrets = new Map<string, string>();

function remember(label: string, value: string | null | undefined) {
  if (value && value.length >= 8) secrets.set(label, value);
}

async function rememberCookies(label: string, context: BrowserContext | APIRequestContext) {
  const { cookies } = await context.storageState();
  for (const cookie of cookies) remember(`${label} cookie ${cookie.name}`, cookie.value);
}

function rememberLink(label: string, link: string) {
  const url = new URL(link);
  remember(`${label} query token`, url.searchParams.get("token"));
  remember(`${label} path token`, url.pathname.split("/").at(-1));
}

/** The first link of the newest email with this subject (emails go out just after the response). */
async function emailLink(api: APIRequestContext, to: string, subject: string): Promise<string> {
  let link = "";
  await expect(async () => {
    const mailbox = await (await api.get(`/api/dev/mailbox?to=${encodeURIComponent(to)}`)).json();
    const message = (mailbox.messages as { subject: string; links: string[] }[]).find(
      (m) => m.subject === subject,
    );
    link = message?.links[0] ?? "";
    expect(link).toBeTruthy();
  }).toPass({ timeout: 15_000 });
  return link;
}

async function signInThroughForm(page: Page, email: string, password: string) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  server = await startCapturedServer(PORT);
});

test.afterAll(async () => {
  await server?.stop();
});

test("the next start server prints no password, token or cookie value during sign-up, sign-in, reset, bearer use, revoked sessions and failing requests", async ({
  browser,
  playwright,
}) => {
  test.setTimeout(180_000);
  const headers = { "x-real-ip": "198.19.7.1" };
  const context = await browser.newContext({ baseURL: server.baseURL, extraHTTPHeaders: headers });
  const page = await context.newPage();
  const api = await playwright.request.newContext({
    baseURL: server.baseURL,
    extraHTTPHeaders: { "x-real-ip": "198.19.7.2" },
  });
  const email = uniqueEmail("logs");

  // Sign-up and verification through the forms (server actions) and the emailed link.
  remember("first password", FIRST_PASSWORD);
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Log Reader");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(FIRST_PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your inbox" })).toBeVisible();
  rememberLink("verification", await emailLink(api, email, "Verify your email for Todos"));
  await followEmailLink(page, email, "Verify your email for Todos");
  await expect(page).toHaveURL(/\/todos$/);
  await rememberCookies("verified", context);
  const beforeReset = await context.storageState();

  // Sign-in with a wrong, then the right password, in a second browser.
  const second = await browser.newContext({ baseURL: server.baseURL, extraHTTPHeaders: headers });
  const secondPage = await second.newPage();
  remember("wrong password", WRONG_PASSWORD);
  await signInThroughForm(secondPage, email, WRONG_PASSWORD);
  await expect(secondPage.getByText("Wrong email or password.")).toBeVisible();
  await signInThroughForm(secondPage, email, FIRST_PASSWORD);
  await expect(secondPage).toHaveURL(/\/todos$/);
  await rememberCookies("second device", second);

  // A script: session token over the JSON API, an access JWT, good and tampered bearer calls.
  const signIn = await api.post("/api/auth/sign-in/email", {
    data: { email, password: FIRST_PASSWORD },
  });
  expect(signIn.ok()).toBe(true);
  await rememberCookies("script", api);
  const sessionToken = signIn.headers()["set-auth-token"] ?? (await signIn.json()).token;
  remember("script session token", sessionToken);
  const tokenResponse = await api.get("/api/auth/token", {
    headers: { authorization: `Bearer ${sessionToken}` },
  });
  expect(tokenResponse.ok()).toBe(true);
  const jwt = (await tokenResponse.json()).token as string;
  remember("access JWT", jwt);
  remember("rotated session token", tokenResponse.headers()["set-auth-token"]);
  const bearer = { authorization: `Bearer ${jwt}` };
  expect(
    (await api.post("/api/todos", { headers: bearer, data: { title: "from a script" } })).status(),
  ).toBe(201);
  const tampered = { authorization: `Bearer ${jwt.slice(0, -6)}AAAAAA` };
  expect((await api.get("/api/todos", { headers: tampered })).status()).toBe(401);
  // The replaced session token again, within the rotation grace: answered with its successor
  // (a racing request); the bearer header, not the cookie jar beside it, names the session.
  const replayed = await api.get("/api/auth/token", {
    headers: { authorization: `Bearer ${sessionToken}` },
  });
  expect(replayed.status()).toBe(200);
  remember("successor handed to the replay", replayed.headers()["set-auth-token"]);

  // Failing requests with credentials attached.
  const cookieApi = await playwright.request.newContext({
    baseURL: server.baseURL,
    storageState: beforeReset,
    extraHTTPHeaders: { "x-real-ip": "198.19.7.3" },
  });
  expect(
    (
      await cookieApi.post("/api/todos", {
        headers: { "content-type": "application/json", origin: server.baseURL },
        data: "{broken",
      })
    ).status(),
  ).toBe(400);
  expect(
    (
      await cookieApi.post("/api/todos", {
        headers: { origin: "https://evil.example" },
        data: { title: "csrf" },
      })
    ).status(),
  ).toBe(403);

  // Reset through the forms; every session is revoked; the link is refused the second time.
  remember("new password", NEW_PASSWORD);
  // From a signed-out browser, as someone who forgot their password would.
  const resetter = await browser.newContext({ baseURL: server.baseURL, extraHTTPHeaders: headers });
  const resetPage = await resetter.newPage();
  await resetPage.goto("/forgot-password");
  await resetPage.getByLabel("Email").fill(email);
  await resetPage.getByRole("button", { name: "Send reset link" }).click();
  await expect(resetPage.getByText(/a link to reset its password is on its way/)).toBeVisible();
  const resetLink = await emailLink(api, email, "Reset your Todos password");
  rememberLink("reset", resetLink);
  await resetPage.goto(resetLink);
  await resetPage.getByLabel("New password").fill(NEW_PASSWORD);
  await resetPage.getByRole("button", { name: "Reset password" }).click();
  await expect(resetPage).toHaveURL(/\/sign-in\?reset=done/);
  await resetPage.goto(resetLink);
  await expect(resetPage.getByRole("heading", { level: 1 })).toHaveText(
    "This reset link does not work",
  );

  // The revoked sessions' cookies, used again.
  const revoked = await cookieApi.post("/api/todos", {
    headers: { origin: server.baseURL },
    data: { title: "after reset" },
  });
  expect(revoked.status()).toBe(401);
  const stale = await browser.newContext({
    baseURL: server.baseURL,
    storageState: beforeReset,
    extraHTTPHeaders: headers,
  });
  await (await stale.newPage()).goto("/todos");
  await rememberCookies("stale browser", stale);

  // Sign in on a new device with the old password, then the new one.
  const third = await browser.newContext({ baseURL: server.baseURL, extraHTTPHeaders: headers });
  const thirdPage = await third.newPage();
  await signInThroughForm(thirdPage, email, FIRST_PASSWORD);
  await expect(thirdPage.getByText("Wrong email or password.")).toBeVisible();
  await signInThroughForm(thirdPage, email, NEW_PASSWORD);
  await expect(thirdPage).toHaveURL(/\/todos$/);
  await rememberCookies("after reset", third);

  for (const closable of [context, second, stale, third, resetter]) await closable.close();
  for (const disposable of [api, cookieApi]) await disposable.dispose();
  // Give the server a moment to flush what it logs after responding.
  await new Promise((resolve) => setTimeout(resolve, 1000));

  // The capture really holds the server's output: Next prints an unknown action id it is sent.
  const canary = `canary${Date.now()}deadbeef`;
  const probe = await playwright.request.newContext({ baseURL: server.baseURL });
  await probe.post("/todos", {
    headers: { "next-action": canary, origin: server.baseURL },
    multipart: { a: "b" },
    maxRedirects: 0,
  });
  await probe.dispose();
  await expect.poll(() => server.output().includes(canary), { timeout: 5000 }).toBe(true);

  const output = server.output();
  expect(secrets.size).toBeGreaterThan(10);
  expect(leakedSecrets(output, secrets), output.slice(-4000)).toEqual([]);
});
