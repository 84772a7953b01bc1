import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { createDatabase, type DB } from "@/lib/db/create";
import { migrateToLatest } from "@/lib/db/migrate";
import { startNeonWsProxy } from "@/scripts/neon-ws-proxy";
import { expect, test } from "../fixtures";
import { addTodo, signedInThroughApi, waitUntilSaved } from "../helpers";

/**
 * The database goes away under a running `next start` (Postgres through the Neon driver and a
 * WebSocket proxy this file stops and starts) and comes back. Needs TEST_DATABASE_URL (CI sets it).
 */
const adminUrl = process.env.TEST_DATABASE_URL;
const PORT = 3251;
const baseURL = `http://localhost:${PORT}`;
const RAW_ERROR = /ECONNREFUSED|websocket|Connection terminated|at [\w.]+ \(|127\.0\.0\.1:\d+/i;

test.describe.configure({ mode: "serial" });
test.skip(!adminUrl, "needs TEST_DATABASE_URL (a Postgres the test can create a database on)");

let proxy: Awaited<ReturnType<typeof startNeonWsProxy>> | undefined;
let proxyPort = 0;
let server: ChildProcess | undefined;
let admin: DB | undefined;
const name = `todo_outage_${randomBytes(6).toString("hex")}`;

async function databaseDown() {
  await proxy?.close();
  proxy = undefined;
}

async function databaseUp() {
  proxy ??= await startNeonWsProxy(proxyPort);
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  proxy = await startNeonWsProxy();
  proxyPort = proxy.port;
  const wsProxy = `127.0.0.1:${proxyPort}`;
  admin = createDatabase({ kind: "neon", url: adminUrl ?? "", wsProxy });
  await sql`create database ${sql.id(name)}`.execute(admin);
  const url = new URL(adminUrl ?? "");
  url.pathname = `/${name}`;
  const app = createDatabase({ kind: "neon", url: url.toString(), wsProxy });
  await migrateToLatest(app);
  await app.destroy();
  server = spawn("npx", ["next", "start", "-p", String(PORT), "-H", "127.0.0.1"], {
    stdio: "ignore",
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: "production",
      // The Neon driver through the test proxy (NEON_WS_PROXY) is allowed outside deployments only.
      EMBEDDED_MODE: "1",
      BETTER_AUTH_URL: baseURL,
      BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
      DATABASE_URL: url.toString(),
      NEON_WS_PROXY: wsProxy,
      RESEND_API_KEY: "",
      UPSTASH_REDIS_REST_URL: "",
      UPSTASH_REDIS_REST_TOKEN: "",
    },
  });
  await expect(async () => {
    expect((await fetch(`${baseURL}/api/health`)).status).toBe(200);
  }).toPass({ timeout: 90_000 });
});

test.afterAll(async () => {
  if (server?.pid) process.kill(-server.pid, "SIGTERM");
  await databaseUp();
  await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin as DB);
  await admin?.destroy();
  await proxy?.close();
});

test.use({ baseURL });

test("pages, the API and the todo form say plainly that the database is unreachable, then recover by themselves", async ({
  page,
}) => {
  await signedInThroughApi(page, "outage");
  await page.goto("/todos");
  await addTodo(page, "saved before the outage");
  await waitUntilSaved(page);

  await databaseDown();
  try {
    // A change on the open page: the form says it was not saved.
    await addTodo(page, "typed during the outage");
    await expect(page.getByRole("status")).toHaveText(
      "We could not reach the database. Your change was not saved; try again.",
    );
    await expect(page.getByText("typed during the outage")).toHaveCount(0);

    // A page load: the error page, in plain words, with no stack or driver message.
    await page.goto("/todos");
    await expect(page.getByRole("heading", { name: "Something went wrong" })).toBeVisible();
    await expect(page.getByText(/our database is briefly unavailable/)).toBeVisible();
    expect(await page.content()).not.toMatch(RAW_ERROR);

    // The API: 503 in the documented shape.
    const api = await page.request.get("/api/todos");
    expect(api.status()).toBe(503);
    expect(await api.json()).toEqual({
      error: { code: "unavailable", message: expect.any(String) },
    });
    expect((await page.request.get("/api/health")).status()).toBe(503);
  } finally {
    await databaseUp();
  }

  // No restart: "Try again" (or any reload) shows the list, with nothing from the outage in it.
  await expect(async () => {
    await page
      .getByRole("button", { name: "Try again" })
      .click({ timeout: 1000 })
      .catch(() => {});
    await page.goto("/todos");
    await expect(page.getByText("saved before the outage")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByText("typed during the outage")).toHaveCount(0);
  await addTodo(page, "saved after the outage");
  await waitUntilSaved(page);
  await page.reload();
  await expect(page.getByText("saved after the outage")).toBeVisible();
});
