import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { auth } from "@/lib/auth";
import { forgetAuth, forgetEnv } from "@/test/process-state";

/** A real HTTP server in front of Better Auth's handler, for code that fetches the app (middleware). */
export async function startAuthServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    const response = await auth().handler(
      new Request(new URL(req.url ?? "/", `http://${req.headers.host}`), {
        method: req.method,
        headers,
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      }),
    );
    res.statusCode = response.status;
    response.headers.forEach((value, name) => {
      if (name !== "set-cookie") res.setHeader(name, value);
    });
    res.setHeader("set-cookie", response.headers.getSetCookie());
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Runs `body` while BETTER_AUTH_URL points at a real server, so the middleware can renew. */
export async function whileAppServes<T>(body: () => Promise<T>): Promise<T> {
  const server = await startAuthServer();
  const previous = process.env.BETTER_AUTH_URL;
  process.env.BETTER_AUTH_URL = server.url;
  forgetEnv();
  forgetAuth();
  try {
    return await body();
  } finally {
    await server.close();
    process.env.BETTER_AUTH_URL = previous;
    forgetEnv();
    forgetAuth();
  }
}
