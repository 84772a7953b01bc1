/**
 * What the rate limiter adds to the middleware path: p50/p99 of classifying a sign-in request and
 * checking its two rules, on the in-memory limiter and on Upstash through the local REST server in
 * front of a real Redis. Usage: tsx scripts/measure-rate-limit.ts [requests] [redis-url]
 */
import { randomBytes } from "node:crypto";
import { startUpstashRest } from "./upstash-redis-rest";

const requests = Number(process.argv[2] ?? 3000);
const redisUrl = process.argv[3] ?? "redis://127.0.0.1:6379";
process.env.BETTER_AUTH_SECRET ??= randomBytes(32).toString("hex");

const { checkLimits, RULES } = await import("@/lib/rate-limit");
// The limiter under measurement is installed the way tests install one: in the process state.
const { setProcessState } = await import("@/test/process-state");
const { limitsFor } = await import("@/lib/edge/ip-limits");
const { createMemoryLimiter } = await import("@/lib/rate-limit/backends/memory");
const { createUpstashLimiter } = await import("@/lib/rate-limit/backends/upstash");

function signInRequest(i: number) {
  return new Request("http://localhost:3000/api/auth/sign-in/email", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-real-ip": `10.0.${(i >> 8) & 255}.${i & 255}`,
    },
    body: JSON.stringify({ email: `user${i % 500}@example.com`, password: "x" }),
  });
}

async function measure(label: string) {
  const times: number[] = [];
  for (let i = 0; i < requests + 200; i++) {
    const request = signInRequest(i);
    const start = performance.now();
    const limits = await limitsFor(request);
    if (limits) await checkLimits(limits.checks);
    if (i >= 200) times.push(performance.now() - start); // the first 200 warm up
  }
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    times[Math.min(times.length - 1, Math.floor(q * times.length))]?.toFixed(3);
  console.log(
    `${label.padEnd(28)} p50 ${at(0.5)} ms   p99 ${at(0.99)} ms   (${requests} sign-in requests, 2 rules each)`,
  );
}

setProcessState("limiter", createMemoryLimiter({ rules: RULES }));
await measure("in-memory");

const token = randomBytes(16).toString("hex");
const rest = await startUpstashRest({ redisUrl, token });
const prefix = `measure-${randomBytes(4).toString("hex")}`;
try {
  setProcessState("limiter", createUpstashLimiter({ url: rest.url, token, prefix, rules: RULES }));
  await measure("Upstash via local Redis");
} finally {
  const keys = await rest.redis.keys(`${prefix}*`);
  if (keys.length) await rest.redis.del(...keys);
  await rest.close();
}
