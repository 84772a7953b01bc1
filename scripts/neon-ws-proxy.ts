/**
 * WebSocket-to-TCP proxy so Neon's serverless driver can reach a plain Postgres
 * (what Neon's own proxy does in production). Usage: npm run db:proxy [-- --port 5488]
 * [--profile loopback|region|far]; the benchmark switches profiles with a line on stdin:
 * "profile region" (answered "profile region" on stdout).
 */
import { createConnection } from "node:net";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { type AddressInfo, WebSocketServer } from "ws";
import {
  type DelayProfileName,
  delayedDelivery,
  isDelayProfileName,
  sampleDelayMs,
} from "./network-delay";

/** Only loopback Postgres servers are reachable: this must never become an open relay. */
const allowedHosts = new Set(["127.0.0.1", "localhost", "::1"]);

export interface NeonWsProxy {
  port: number;
  /** Every connection, open or new, meets this profile's delay from its next chunk on. */
  setProfile(profile: DelayProfileName): void;
  close(): Promise<void>;
}

export async function startNeonWsProxy(
  port = 0,
  initialProfile: DelayProfileName = "loopback",
): Promise<NeonWsProxy> {
  let profile = initialProfile;
  const delay = () => sampleDelayMs(profile);
  const server = new WebSocketServer({ host: "127.0.0.1", port });
  server.on("connection", (socket, request) => {
    const address = new URL(request.url ?? "/", "http://proxy").searchParams.get("address") ?? "";
    const [, host = "", targetPort = ""] = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address) ?? [];
    if (!allowedHosts.has(host)) {
      socket.close(1008, "address not allowed");
      return;
    }
    const tcp = createConnection({ host, port: Number(targetPort) });
    // Each direction is delayed on its own, as the two halves of a network path are.
    const toClient = delayedDelivery((chunk: Buffer) => socket.send(chunk), delay);
    const toServer = delayedDelivery((chunk: Buffer) => tcp.write(chunk), delay);
    const closeBoth = () => {
      toClient.clear();
      toServer.clear();
      socket.close();
      tcp.destroy();
    };
    tcp.on("data", (chunk) => toClient.push(chunk));
    tcp.on("error", closeBoth);
    tcp.on("close", closeBoth);
    socket.on("message", (data) => toServer.push(data as Buffer));
    socket.on("close", closeBoth);
    socket.on("error", closeBoth);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  return {
    port: (server.address() as AddressInfo).port,
    setProfile: (next) => {
      profile = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

function flagValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index > 0 ? process.argv[index + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const requested = flagValue("--profile") ?? "loopback";
  if (!isDelayProfileName(requested)) {
    console.error(`Unknown profile "${requested}": use loopback, region or far`);
    process.exit(2);
  }
  const proxy = await startNeonWsProxy(Number(flagValue("--port") ?? 5488), requested);
  console.log(
    `Neon WebSocket proxy on 127.0.0.1:${proxy.port} (set NEON_WS_PROXY=127.0.0.1:${proxy.port}), profile ${requested}`,
  );
  createInterface({ input: process.stdin }).on("line", (line) => {
    const [command, name = ""] = line.trim().split(/\s+/);
    if (command === "profile" && isDelayProfileName(name)) {
      proxy.setProfile(name);
      console.log(`profile ${name}`);
    } else console.error(`Ignored "${line}": send "profile loopback|region|far"`);
  });
}
