import autocannon from "autocannon";
import type { RunningServer } from "./server";

/** One kind of request, sent by many simulated devices in turn. */
export interface Scenario {
  name: string;
  method: "GET" | "POST";
  path: string;
  expectStatus: number;
  body?: string;
  /** Concurrent connections, when not the run's default (1: what a single visitor waits for). */
  connections?: number;
  /** Headers per simulated device (cookies or a bearer token, and its client IP); none = signed out. */
  devices: () => Record<string, string>[];
}

export interface Measurement {
  scenario: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  queriesPerRequest: number;
  /** Server CPU per request: comparable even when the machine is busy with other work. */
  cpuMsPerRequest: number;
  peakRssBytes: number;
}

export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

/** Warms up, then measures: throughput, latency, unexpected answers, DB statements, peak RSS. */
export async function measure(
  server: RunningServer,
  scenario: Scenario,
  settings: LoadSettings,
): Promise<Measurement> {
  const devices = scenario.devices();
  let next = 0;
  const run = (limit: { duration: number } | { amount: number }) =>
    autocannon({
      url: server.url,
      connections: scenario.connections ?? settings.connections,
      ...limit,
      timeout: 10,
      requests: [
        {
          method: scenario.method,
          path: scenario.path,
          body: scenario.body,
          setupRequest: (request) => {
            const device = devices[next++ % Math.max(devices.length, 1)] ?? {};
            return { ...request, headers: { ...request.headers, ...device } };
          },
        },
      ],
    });

  let peakRssBytes = server.rssBytes();
  const sampler = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, server.rssBytes());
  }, 100);
  try {
    // The warm-up also sizes the measured run: a fixed number of requests, every one answered,
    // so the statements counted belong to exactly the requests counted.
    const warmup = await run({ duration: settings.warmupSeconds });
    const amount = Math.max(50, Math.round(warmup.requests.average * settings.seconds));
    const queriesBefore = await settledQueryCount(server);
    const cpuBefore = server.cpuMs();
    const result = await run({ amount });
    const queries = (await settledQueryCount(server)) - queriesBefore;
    const cpu = server.cpuMs() - cpuBefore;
    const answered = Object.entries(result.statusCodeStats);
    const unexpected = answered
      .filter(([status]) => Number(status) !== scenario.expectStatus)
      .reduce((sum, [, { count }]) => sum + Number(count), 0);
    const requests = answered.reduce((sum, [, { count }]) => sum + Number(count), 0);
    return {
      scenario: scenario.name,
      connections: scenario.connections ?? settings.connections,
      requestsPerSecond: requests / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      requests,
      errors: unexpected + result.errors + result.timeouts,
      queriesPerRequest: requests ? queries / requests : 0,
      cpuMsPerRequest: requests ? cpu / requests : 0,
      peakRssBytes,
    };
  } finally {
    clearInterval(sampler);
  }
}

/** The statement count once requests still finishing on the server have done their work. */
async function settledQueryCount(server: RunningServer): Promise<number> {
  let count = await server.queries();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await server.queries();
    if (now === count) return count;
    count = now;
  }
}
