import { setTimeout as sleep } from "node:timers/promises";
import { cookieHeader, type Device } from "./devices";
import type { RunningServer } from "./server";

/**
 * What the live feed (GET /api/todos/feed) costs: many idle devices hold a feed open, and the
 * server's CPU time and database statements over a window are set against the same window with
 * none; then one device's writes are timed until its other feed reports them.
 */
export interface FeedMeasurement {
  openFeeds: number;
  windowSeconds: number;
  cpuMsPerDeviceMinute: number;
  statementsPerDeviceMinute: number;
  /** From the responses that ended in the window (none in a window shorter than one, 120 s). */
  reconnectsPerDeviceHour: number | undefined;
  rssBytesPerFeed: number;
  /** Write (REST, same server) to `change` event on another feed of the same user, ms. */
  latencyP50: number;
  latencyP95: number;
}

export interface OpenFeed {
  close(): void;
  /** Resolves at the first event (the feed answered and read its version). */
  opened: Promise<void>;
  /** Responses refused or failed. */
  errors: () => number;
  /** How long each response that ended by itself lasted, ms. */
  durations: () => number[];
  /** Resolves at the next `change` event. */
  nextChange(): Promise<void>;
}

/** One device's EventSource, as a browser runs it: reconnect at the end with Last-Event-ID. */
export function openFeed(baseUrl: string, device: Device): OpenFeed {
  const abort = new AbortController();
  let lastEventId: string | undefined;
  let errors = 0;
  let markOpened = () => {};
  const opened = new Promise<void>((resolve) => {
    markOpened = resolve;
  });
  const durations: number[] = [];
  let waiters: (() => void)[] = [];
  const run = async () => {
    while (!abort.signal.aborted) {
      const started = performance.now();
      try {
        const response = await fetch(new URL("/api/todos/feed", baseUrl), {
          headers: {
            cookie: cookieHeader(device),
            "x-real-ip": device.ip,
            ...(lastEventId && { "last-event-id": lastEventId }),
          },
          signal: abort.signal,
        });
        if (!response.ok || !response.body) throw new Error(`feed: ${response.status}`);
        const decoder = new TextDecoder();
        let buffer = "";
        const reader = response.body.getReader();
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
          buffer += decoder.decode(chunk.value, { stream: true });
          let end = buffer.indexOf("\n\n");
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            lastEventId = /^id: (.*)$/m.exec(block)?.[1] ?? lastEventId;
            if (/^event: /m.test(block)) markOpened();
            if (/^event: change$/m.test(block)) {
              for (const wake of waiters) wake();
              waiters = [];
            }
            end = buffer.indexOf("\n\n");
          }
        }
        durations.push(performance.now() - started);
      } catch (error) {
        if (abort.signal.aborted) return;
        errors += 1;
        console.error(`  feed of ${device.email}:`, error instanceof Error ? error.message : error);
        await sleep(1000);
      }
    }
  };
  void run();
  return {
    close: () => abort.abort(),
    opened,
    errors: () => errors,
    durations: () => durations,
    nextChange: () => new Promise<void>((resolve) => waiters.push(resolve)),
  };
}

async function cost(server: RunningServer, ms: number) {
  const [cpu, queries] = [server.cpuMs(), await server.queries()];
  await sleep(ms);
  return { cpuMs: server.cpuMs() - cpu, queries: (await server.queries()) - queries };
}

export function percentile(sorted: number[], p: number): number {
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

/** Times `rounds` writes until the listening feed hears each; writes are spread over time. */
export async function timeChanges(
  listener: OpenFeed,
  rounds: number,
  write: (i: number) => Promise<void>,
): Promise<{ p50: number; p95: number }> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i += 1) {
    const heard = listener.nextChange();
    const start = performance.now();
    await write(i);
    await heard;
    samples.push(performance.now() - start);
    await sleep(173 * (i % 6));
  }
  const sorted = samples.sort((a, b) => a - b);
  return { p50: Math.round(percentile(sorted, 50)), p95: Math.round(percentile(sorted, 95)) };
}

export async function measureFeed(
  server: RunningServer,
  devices: Device[],
  { quick }: { quick: boolean },
): Promise<FeedMeasurement> {
  const windowMs = quick ? 10_000 : 60_000;
  const idle = await cost(server, windowMs);
  const rssBefore = server.rssBytes();
  const feeds = devices.map((device) => openFeed(server.url, device));
  await sleep(2000);
  const busy = await cost(server, windowMs);
  const rssBytesPerFeed = Math.max(0, server.rssBytes() - rssBefore) / feeds.length;
  const minutes = windowMs / 60_000;

  // Latency: the first device writes; its second feed (another open page) hears of it.
  const [writer] = devices;
  let latency = { p50: Number.NaN, p95: Number.NaN };
  if (writer) {
    const listener = openFeed(server.url, writer);
    await sleep(1500);
    latency = await timeChanges(listener, quick ? 8 : 30, async (i) => {
      const response = await fetch(new URL("/api/todos", server.url), {
        method: "POST",
        headers: {
          cookie: cookieHeader(writer),
          "x-real-ip": writer.ip,
          origin: server.url,
          "content-type": "application/json",
        },
        body: JSON.stringify({ title: `feed latency ${i}` }),
      });
      if (response.status !== 201) throw new Error(`feed latency write: ${response.status}`);
    });
    listener.close();
  }
  const lasted = feeds.flatMap((feed) => feed.durations());
  const meanResponseMs = lasted.reduce((sum, ms) => sum + ms, 0) / lasted.length;
  for (const feed of feeds) feed.close();
  return {
    openFeeds: feeds.length,
    windowSeconds: windowMs / 1000,
    cpuMsPerDeviceMinute: Math.max(0, busy.cpuMs - idle.cpuMs) / feeds.length / minutes,
    statementsPerDeviceMinute: Math.max(0, busy.queries - idle.queries) / feeds.length / minutes,
    reconnectsPerDeviceHour: lasted.length > 0 ? 3_600_000 / meanResponseMs : undefined,
    rssBytesPerFeed,
    latencyP50: latency.p50,
    latencyP95: latency.p95,
  };
}

export function feedTable(m: FeedMeasurement): string {
  const perHour = (perMinute: number) => (perMinute * 60).toFixed(0);
  return [
    "| live feed (GET /api/todos/feed) | value |",
    "| --- | --- |",
    `| open feeds held by one server | ${m.openFeeds} (all answered) |`,
    `| server CPU per idle device | ${m.cpuMsPerDeviceMinute.toFixed(1)} ms/min |`,
    `| DB statements per idle device | ${m.statementsPerDeviceMinute.toFixed(1)}/min (${perHour(m.statementsPerDeviceMinute)}/h) |`,
    `| feed requests per device | ${m.reconnectsPerDeviceHour === undefined ? "— (window shorter than one 120 s response)" : `${m.reconnectsPerDeviceHour.toFixed(0)}/h`} |`,
    `| memory per open feed | ${(m.rssBytesPerFeed / 1024).toFixed(0)} KiB |`,
    `| write to change event, other device, same server | p50 ${m.latencyP50} ms, p95 ${m.latencyP95} ms |`,
    `| feeds one core could hold (CPU alone) | ~${Math.floor(60_000 / Math.max(m.cpuMsPerDeviceMinute, 0.001))} |`,
  ].join("\n");
}
