/**
 * npm run bench:feed [-- --quick]: the live feed's scenario alone (scripts/bench/feed-push.ts), for
 * a quiet slot. BENCH_FEEDS sets the many-feeds phase (default 1,000), BENCH_IDLE_DEVICES the idle
 * devices (default 100). Prints the table; exits 1 if any feed failed.
 */
import { FULL, feedPushTable, measureFeedPush } from "./feed-push";

const quick = process.argv.includes("--quick");
const settings = {
  ...FULL,
  ...(quick && { quietWindowMs: 20_000, latencyRounds: 10, manyWindowMs: 20_000 }),
  idleDevices: Number(process.env.BENCH_IDLE_DEVICES ?? (quick ? 10 : FULL.idleDevices)),
  manyFeeds: Number(process.env.BENCH_FEEDS ?? (quick ? 100 : FULL.manyFeeds)),
};
const result = await measureFeedPush(settings);
console.log(`\n### Live feed, pushed\n\n${feedPushTable(result)}\n`);
// Exits itself: the HTTP clients' keep-alive sockets would hold the process open.
process.exit(result.many.errors > 0 || result.many.opened < settings.manyFeeds ? 1 : 0);
