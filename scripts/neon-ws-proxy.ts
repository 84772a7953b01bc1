/**
 * WebSocket-to-TCP proxy so Neon's serverless driver can reach a plain Postgres
 * (what Neon's own proxy does in production). Usage: npm run db:proxy [-- --port 5488]
 */
import { createConnection } from "node:net";
import { pathToFileURL } from "node:url";
import { type AddressInfo, WebSocketServer } from "ws";

/** Only loopback Postgres servers are reachable: this must never become an open relay. */
const allowedHosts = new Set(["127.0.0.1", "localhost", "::1"]);

export async function startNeonWsProxy(
  port = 0,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = new WebSocketServer({ host: "127.0.0.1", port });
  server.on("connection", (socket, request) => {
    const address = new URL(request.url ?? "/", "http://proxy").searchParams.get("address") ?? "";
    const [, host = "", targetPort = ""] = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address) ?? [];
    if (!allowedHosts.has(host)) {
      socket.close(1008, "address not allowed");
      return;
    }
    const tcp = createConnection({ host, port: Number(targetPort) });
    tcp.on("data", (chunk) => socket.send(chunk));
    tcp.on("error", () => socket.close());
    tcp.on("close", () => socket.close());
    socket.on("message", (data) => tcp.write(data as Buffer));
    socket.on("close", () => tcp.destroy());
    socket.on("error", () => tcp.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const flag = process.argv.indexOf("--port");
  const proxy = await startNeonWsProxy(flag > 0 ? Number(process.argv[flag + 1]) : 5488);
  console.log(
    `Neon WebSocket proxy on 127.0.0.1:${proxy.port} (set NEON_WS_PROXY=127.0.0.1:${proxy.port})`,
  );
}
