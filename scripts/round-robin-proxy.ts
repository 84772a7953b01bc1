import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback load balancer: each request goes to the next instance in turn, as a host's does. */
export async function startRoundRobinProxy(
  instances: string[],
  port = 0,
): Promise<{ url: string; served: number[]; close: () => Promise<void> }> {
  const served = instances.map(() => 0);
  let next = 0;
  const server = createServer((req, res) => {
    const index = next;
    next = (next + 1) % instances.length;
    served[index] = (served[index] ?? 0) + 1;
    const target = new URL(req.url ?? "/", instances[index]);
    const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    });
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  // A port already taken is a rejection the caller can clean up after, not a crash.
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    served,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
