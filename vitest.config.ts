import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@/": root,
      // Next resolves it to a no-op on the server; under Vitest every module is "server".
      "server-only": `${root}test/empty-module.ts`,
    },
  },
  test: {
    include: ["**/*.test.{ts,tsx}"],
    // The security suite runs on its own: `npm run test:security` (vitest.security.config.ts);
    // the client suite needs a built app: `npm run test:client` (vitest.client.config.ts).
    exclude: [
      "node_modules/**",
      ".next/**",
      "e2e/**",
      ".ci-out/**",
      "test/security/**",
      "test/client/**",
      "test/scale/**",
    ],
    setupFiles: ["test/setup.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
