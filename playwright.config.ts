import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
// The loopback OpenID Connect provider "Continue with Test IdP" signs in through (test/oauth/serve.ts).
const oidcPort = port + 1;
const oidcIssuer = `http://127.0.0.1:${oidcPort}`;
// A throwaway embedded database per run, so runs never share state.
const dataDir = join(tmpdir(), `todo-e2e-${randomBytes(4).toString("hex")}`);
process.env.E2E_DATA_DIR ??= dataDir;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI
    ? [["list"], ["json", { outputFile: process.env.E2E_REPORT ?? ".ci-out/e2e.json" }]]
    : "list",
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  // `npm run test:e2e` runs "browser"; `npm run test:security` runs "security" (e2e/security/).
  projects: [
    { name: "browser", testIgnore: "security/**" },
    { name: "security", testMatch: "security/**/*.spec.ts" },
  ],
  webServer: [
    {
      command: `npx tsx test/oauth/serve.ts ${oidcPort} ${baseURL}`,
      url: `${oidcIssuer}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
    },
    {
      // Needs `next build` first (CI runs it; locally: npm run build). Embedded mode, on loopback only.
      command: `npx next start -p ${port} -H 127.0.0.1`,
      url: `${baseURL}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      env: {
        EMBEDDED_MODE: "1",
        BETTER_AUTH_URL: baseURL,
        BETTER_AUTH_SECRET: randomBytes(32).toString("base64url"),
        PGLITE_DIR: process.env.E2E_DATA_DIR,
        DATABASE_URL: "",
        RESEND_API_KEY: "",
        PWNED_PASSWORDS_URL: "off",
        OIDC_DISCOVERY_URL: `${oidcIssuer}/.well-known/openid-configuration`,
        OIDC_CLIENT_ID: "todo-app",
        OIDC_CLIENT_SECRET: "test-provider-client-secret",
        OIDC_PROVIDER_NAME: "Test IdP",
      },
    },
  ],
});
