import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import { createNeonPool } from "@/lib/db/neon";
import { type NeonWsProxy, startNeonWsProxy } from "./neon-ws-proxy";
import { delayedDelivery, sampleDelayMs } from "./network-delay";

/** A TCP server that answers every chunk with itself: the proxy's only job is the pipe. */
let echo: Server;
let echoPort = 0;
let proxy: NeonWsProxy;

beforeAll(async () => {
  echo = createServer((socket) => socket.on("data", (chunk) => socket.write(chunk)));
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  echoPort = (echo.address() as { port: number }).port;
  proxy = await startNeonWsProxy();
});

afterAll(async () => {
  await proxy.close();
  await new Promise((resolve) => echo.close(resolve));
});

async function openThroughProxy(address = `127.0.0.1:${echoPort}`): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${proxy.port}/v1?address=${address}`);
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  return socket;
}

/** Milliseconds from sending one chunk to receiving its echo. */
async function roundTripMs(socket: WebSocket): Promise<number> {
  const started = performance.now();
  const answered = new Promise((resolve) => socket.once("message", resolve));
  socket.send(Buffer.from("ping"));
  await answered;
  return performance.now() - started;
}

describe("the Neon WebSocket proxy's network profiles", () => {
  it("adds the far profile's 10 ms each way to every round trip, on a connection already open", async () => {
    const socket = await openThroughProxy();
    proxy.setProfile("loopback");
    await roundTripMs(socket);
    proxy.setProfile("far");
    const trips = [await roundTripMs(socket), await roundTripMs(socket), await roundTripMs(socket)];
    proxy.setProfile("loopback");
    socket.close();
    // A busy machine only lengthens a trip: the floor is the claim (10 ms exactly: see below).
    for (const trip of trips) expect(trip).toBeGreaterThanOrEqual(19);
  });

  it("keeps chunks in order under the jittered region profile", async () => {
    const socket = await openThroughProxy();
    proxy.setProfile("region");
    const received: Buffer[] = [];
    const sent = Array.from({ length: 200 }, (_, i) => `${i},`).join("");
    const all = new Promise<void>((resolve) => {
      socket.on("message", (data: Buffer) => {
        received.push(data);
        if (Buffer.concat(received).length === sent.length) resolve();
      });
    });
    for (const part of sent.match(/\d+,/g) ?? []) socket.send(Buffer.from(part));
    await all;
    proxy.setProfile("loopback");
    socket.close();
    expect(Buffer.concat(received).toString()).toBe(sent);
  });

  it("still refuses a non-loopback address", async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${proxy.port}/v1?address=example.com:5432`);
    const code = await new Promise<number>((resolve) => socket.once("close", resolve));
    expect(code).toBe(1008);
  });

  it("samples the region profile's one-way delay within 1 ms ± 0.5 ms", () => {
    expect(sampleDelayMs("region", () => 0)).toBe(0.5);
    expect(sampleDelayMs("region", () => 1)).toBe(1.5);
    expect(sampleDelayMs("far", () => 0.3)).toBe(10);
    expect(sampleDelayMs("loopback", () => 0.9)).toBe(0);
  });

  it("delivers a later chunk no earlier than the one before it, whatever delays were drawn", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    try {
      const delays = [8, 1, 12, 0, 2];
      const order: number[] = [];
      const delivery = delayedDelivery(
        (n: number) => order.push(n),
        () => delays.shift() ?? 0,
      );
      for (const n of [1, 2, 3, 4, 5]) delivery.push(n);
      vi.advanceTimersByTime(7);
      expect(order).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(order).toEqual([1, 2]);
      vi.advanceTimersByTime(4);
      expect(order).toEqual([1, 2, 3, 4, 5]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("holds each chunk the far profile's 10 ms, and no longer", () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    try {
      const delivered: string[] = [];
      const delivery = delayedDelivery(
        (chunk: string) => delivered.push(chunk),
        () => sampleDelayMs("far"),
      );
      delivery.push("ping");
      vi.advanceTimersByTime(9);
      expect(delivered).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(delivered).toEqual(["ping"]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)("Postgres through the Neon driver", () => {
  it("meets the far profile's delay on each statement", async () => {
    const pool = createNeonPool(process.env.TEST_DATABASE_URL ?? "", `127.0.0.1:${proxy.port}`);
    try {
      const client = await pool.connect();
      await client.query("select 1");
      proxy.setProfile("far");
      const started = performance.now();
      await client.query("select 1");
      const elapsed = performance.now() - started;
      proxy.setProfile("loopback");
      client.release();
      expect(elapsed).toBeGreaterThanOrEqual(19);
    } finally {
      proxy.setProfile("loopback");
      await pool.end();
    }
  });
});
