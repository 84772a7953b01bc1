/**
 * A small Upstash-REST-compatible server in front of a plain Redis, so the real @upstash/redis
 * and @upstash/ratelimit clients run against the machine's Redis in tests.
 * Usage: tsx scripts/upstash-redis-rest.ts [--port 8079] [--redis redis://127.0.0.1:6379]
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { Redis } from "ioredis";

type Command = [string, ...(string | number)[]];
type Reply = { result: unknown } | { error: string };

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

/** Redis 7.0 rejects the `#!lua flags=...` line @upstash/ratelimit's scripts start with. */
function stripShebang(script: string): string {
  return script.startsWith("#!lua") ? script.slice(script.indexOf("\n") + 1) : script;
}

/** Upstash-Encoding: base64 encodes every string in a result, recursively. */
function encode(value: unknown): unknown {
  if (typeof value === "string") return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(encode);
  return value;
}

export async function startUpstashRest(options: {
  port?: number;
  redisUrl: string;
  token: string;
}) {
  const redis = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  // Original script SHA1 -> SHA1 of the script Redis actually holds.
  const shaMap = new Map<string, string>();
  // Commands sent to Redis on the clients' behalf (a pipeline's each, a subscription's each channel).
  let commands = 0;

  async function run([name, ...args]: Command): Promise<Reply> {
    const command = name.toLowerCase();
    const params = args.map(String);
    commands += 1;
    try {
      if (command === "eval" || (command === "script" && params[0]?.toLowerCase() === "load")) {
        const index = command === "eval" ? 0 : 1;
        const original = params[index] ?? "";
        const stripped = stripShebang(original);
        shaMap.set(sha1(original), sha1(stripped));
        params[index] = stripped;
        if (command === "script") return { result: sha1(original) };
      }
      if (command === "evalsha") params[0] = shaMap.get(params[0] ?? "") ?? params[0] ?? "";
      return { result: await redis.call(command, ...params) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * Upstash's streaming SUBSCRIBE: POST /subscribe/<channel> answers server-sent events, one
   * `data: subscribe,<channel>,<count>` per channel, then `data: message,<channel>,<message>`
   * (psubscribe: `pmessage,<pattern>,<channel>,<message>`), on a Redis connection of its own.
   */
  async function stream(
    verb: "subscribe" | "psubscribe",
    targets: string[],
    req: IncomingMessage,
    res: ServerResponse,
  ) {
    const listener = redis.duplicate();
    const send = (...fields: (string | number)[]) => res.write(`data: ${fields.join(",")}\n\n`);
    listener.on("message", (channel: string, message: string) => send("message", channel, message));
    listener.on("pmessage", (pattern: string, channel: string, message: string) =>
      send("pmessage", pattern, channel, message),
    );
    // Redis gone: the stream ends, as Upstash's would.
    listener.on("error", () => res.end());
    listener.on("end", () => res.end());
    req.on("close", () => listener.disconnect());
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    res.flushHeaders();
    for (const [index, target] of targets.entries()) {
      commands += 1;
      await (verb === "subscribe" ? listener.subscribe(target) : listener.psubscribe(target));
      send(verb, target, index + 1);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.headers.authorization !== `Bearer ${options.token}`) {
      res
        .writeHead(401, { "content-type": "application/json" })
        .end(JSON.stringify({ error: "Unauthorized" }));
      return;
    }
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const [, verb, ...targets] = path.split("/").map(decodeURIComponent);
    if (verb === "subscribe" || verb === "psubscribe") {
      await stream(verb, targets, req, res);
      return;
    }
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw || "[]") as Command | Command[];
    const base64 = req.headers["upstash-encoding"] === "base64";
    const shape = (reply: Reply) =>
      "result" in reply && base64 ? { result: encode(reply.result) } : reply;
    let answer: unknown;
    if (path === "/pipeline" || path === "/multi-exec") {
      answer = [];
      for (const command of body as Command[])
        (answer as unknown[]).push(shape(await run(command)));
    } else {
      const reply = await run(body as Command);
      answer = shape(reply);
      if ("error" in reply) res.statusCode = 400;
    }
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify(answer));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      res
        .writeHead(500, { "content-type": "application/json" })
        .end(JSON.stringify({ error: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    redis,
    /** How many Redis commands the clients have had run so far (what Upstash would bill). */
    commands: () => commands,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const arg = (flag: string) => {
    const index = process.argv.indexOf(flag);
    return index > 0 ? process.argv[index + 1] : undefined;
  };
  const token = process.env.UPSTASH_REDIS_REST_TOKEN ?? "local-dev-token";
  const server = await startUpstashRest({
    port: Number(arg("--port") ?? 8079),
    redisUrl: arg("--redis") ?? "redis://127.0.0.1:6379",
    token,
  });
  console.log(
    `Upstash REST on ${server.url} (UPSTASH_REDIS_REST_URL=${server.url} UPSTASH_REDIS_REST_TOKEN=${token})`,
  );
}
