import { describe, expect, it } from "vitest";
import { DELETE as deleteOne } from "@/app/api/todos/[id]/route";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, request } from "@/test/http";
import { withoutRateLimits } from "@/test/rate-limit-backend";
import { firstAndLastThird, type MemorySample, sampleMemory } from "./memory";
import {
  createVia,
  type Device,
  listVia,
  PASSWORD,
  patchVia,
  type TodoJson,
  userOnTwoDevices,
} from "./two-devices";

/**
 * Bounded soak: SOAK_SECONDS (default 60) of mixed traffic from two devices of one user, with
 * memory sampled after a full GC. Criterion: after a warm-up (the first quarter, while JIT, caches
 * and pools fill), the median JS heap of the last third of samples is at most 2 MB above the median
 * of the first third. Medians ignore a sample caught mid-burst; without a leak the two differ by a
 * few hundred KB, while a leak of 1 KB per request shows as 2.5 MB or more within 60 s even on a
 * busy 2-core runner (and more the longer it runs). RSS is held to a looser bound: the embedded
 * database's WASM memory grows with its data and never shrinks, which is not a leak of ours.
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const WORKERS = 6;
const SAMPLES = 20;
const HEAP_GROWTH_LIMIT_MB = 2;

withTestDatabase();
withoutRateLimits();
const withId = (id: string) => ({ params: Promise.resolve({ id }) });

async function expectOk(response: Response, statuses = [200, 201, 204]) {
  if (!statuses.includes(response.status)) {
    throw new Error(`unexpected ${response.status}: ${await response.text()}`);
  }
  return response;
}

/** One round of what a user does: list, add, tick, rename, delete; now and then sign in and out. */
async function round(device: Device, n: number, email: string) {
  await expectOk(await listVia(device, "?limit=50"));
  const todo = (await (await expectOk(await createVia(device, `soak ${n}`))).json()) as TodoJson;
  await expectOk(await patchVia(device, todo.id, { completed: true }));
  await expectOk(await patchVia(device, todo.id, { title: `soak ${n} renamed` }));
  await expectOk(
    await deleteOne(
      await request(`/api/todos/${todo.id}`, { method: "DELETE", ...device.auth }),
      withId(todo.id),
    ),
  );
  if (n % 40 === 0) {
    const jar = new CookieJar();
    await expectOk(
      await callAuth("/sign-in/email", {
        method: "POST",
        jar,
        json: { email, password: PASSWORD },
      }),
    );
    await expectOk(await callAuth("/sign-out", { method: "POST", jar }));
  }
}

describe("bounded soak", () => {
  it(
    `${SECONDS} s of mixed traffic (list, create, toggle, rename, delete, sign-in) keeps memory flat`,
    async () => {
      const email = "soak@example.com";
      const { browser, phone } = await userOnTwoDevices(email);
      const startedAt = performance.now();
      const deadline = startedAt + SECONDS * 1000;
      let rounds = 0;
      const workers = Array.from({ length: WORKERS }, async (_, w) => {
        const device = w % 2 ? phone : browser;
        while (performance.now() < deadline) await round(device, rounds++, email);
      });
      const samples: MemorySample[] = [];
      const sampler = (async () => {
        while (performance.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, (SECONDS * 1000) / SAMPLES));
          samples.push(sampleMemory(startedAt));
        }
      })();
      await Promise.all([...workers, sampler]);

      const steady = samples.filter((s) => s.atSeconds >= SECONDS / 4);
      const heap = firstAndLastThird(steady.map((s) => s.heapUsedMb));
      const rss = firstAndLastThird(steady.map((s) => s.rssMb));
      console.log(
        `soak: ${rounds} rounds (${rounds * 5} requests) in ${SECONDS} s; heap MB ${heap.first.toFixed(1)} -> ${heap.last.toFixed(1)}; RSS MB ${rss.first.toFixed(1)} -> ${rss.last.toFixed(1)}`,
        JSON.stringify(samples),
      );
      expect(rounds).toBeGreaterThan(0);
      expect(steady.length).toBeGreaterThanOrEqual(6);
      expect(heap.last - heap.first).toBeLessThanOrEqual(HEAP_GROWTH_LIMIT_MB);
      expect(rss.last).toBeLessThanOrEqual(rss.first * 1.25 + 32);
    },
    (SECONDS + 90) * 1000,
  );
});
