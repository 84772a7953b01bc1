import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
// `npm run test:scale`: the same client suite against three instances, plus the scale scenarios.
const scale = process.env.CLIENT_SCALE === "1";

/** Better Auth's own client against `next start` (needs `next build` first), over real HTTP. */
export default defineConfig({
  resolve: { alias: { "@/": root, "server-only": `${root}test/empty-module.ts` } },
  test: {
    include: scale
      ? ["test/client/**/*.test.ts", "test/scale/**/*.test.ts"]
      : ["test/client/**/*.test.ts"],
    globalSetup: ["test/client/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One server (or cluster) for the whole run; files run one after another against it.
    fileParallelism: false,
    pool: "forks",
  },
});
