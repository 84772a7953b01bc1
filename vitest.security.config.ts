import { defineConfig } from "vitest/config";
import base from "./vitest.config";

// Attack, fault, load and fuzz tests: `npm run test:security`. They need more time than unit tests.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["test/security/**/*.test.{ts,tsx}"],
    exclude: ["node_modules/**"],
    testTimeout: 120_000,
  },
});
