/**
 * npm run bench:size: what a signed-in GET /todos (50 todos) sends, next to the floor's page: HTML
 * bytes, how many of them are the inline RSC payload (self.__next_f) the browser hydrates from,
 * and the first-load JS (gzip) each page names.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildFloorIfNeeded, buildIfNeeded } from "./build";
import { prepareDatabase } from "./databases";
import { cookieHeader, signIn } from "./devices";
import { firstLoadJs } from "./first-load-js";
import { startFloor, startServer } from "./server";

const port = Number(process.env.BENCH_PORT ?? 3400);

async function weigh(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  const html = await response.text();
  const flight = [...html.matchAll(/self\.__next_f\.push\((.*?)\)<\/script>/gs)]
    .map((m) => m[1] ?? "")
    .join("");
  return {
    status: response.status,
    htmlBytes: Buffer.byteLength(html),
    flightBytes: Buffer.byteLength(flight),
    html,
  };
}

async function main() {
  buildIfNeeded();
  buildFloorIfNeeded();
  const workDir = mkdtempSync(join(tmpdir(), "todo-bench-"));
  const users = [{ email: "list-50@bench.test", todos: 50 }];
  const database = await prepareDatabase("pglite", workDir, users);
  if (!database) throw new Error("no database");
  const floor = await startFloor(port + 1);
  const server = await startServer({
    port,
    database: database.server,
    build: "production",
  });
  try {
    const device = await signIn(server.url, "list-50@bench.test", "10.0.0.7");
    const page = await weigh(`${server.url}/todos`, { cookie: cookieHeader(device) });
    const items = await weigh(`${floor.url}/items`);
    for (const [name, w] of [
      ["app GET /todos", page],
      ["floor GET /items", items],
    ] as const)
      console.log(
        `${name}: ${w.status}, HTML ${w.htmlBytes} bytes, of which inline RSC payload ${w.flightBytes}`,
      );
    const kb = (bytes: number) => (bytes / 1024).toFixed(1);
    const todosJs = await firstLoadJs(server.url, "/todos", { cookie: cookieHeader(device) });
    const floorJs = await firstLoadJs(floor.url, "/items");
    console.log(
      `HTML ${(page.htmlBytes / items.htmlBytes).toFixed(2)}x the floor's; first-load JS (gzip): /todos ${kb(todosJs.gzipBytes)} kB, floor ${kb(floorJs.gzipBytes)} kB, +${kb(todosJs.gzipBytes - floorJs.gzipBytes)} kB`,
    );
    if (process.argv.includes("--print")) console.log(page.html);
  } finally {
    await server.stop();
    await floor.stop();
    await database.drop();
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
