import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { forgetAuth, forgetEnv } from "@/test/process-state";

export interface ResendStub {
  url: string;
  received: { path: string; authorization?: string; body: Record<string, unknown> }[];
  /** The status the next calls answer with (Resend's API is the one thing outside the machine). */
  status: number;
  /** While true, requests are recorded but never answered (a Resend that hangs). */
  hang: boolean;
  close: () => Promise<void>;
}

/** A local stand-in for Resend's HTTP API that records what it receives. */
export async function startResendStub(): Promise<ResendStub> {
  const stub: ResendStub = {
    url: "",
    received: [],
    status: 200,
    hang: false,
    close: async () => {},
  };
  const server = createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    stub.received.push({
      path: req.url ?? "",
      authorization: req.headers.authorization,
      body: JSON.parse(raw || "{}"),
    });
    if (stub.hang) return;
    res.writeHead(stub.status, { "content-type": "application/json" });
    res.end(
      JSON.stringify(
        stub.status === 200
          ? { id: `email_${stub.received.length}` }
          : { name: "internal_server_error", message: "stub failure", statusCode: stub.status },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}

/** For a test file: the app sends email through a fresh Resend stub, then goes back to the outbox. */
export function withResendStub(apiKey = "re_test_key"): () => ResendStub {
  let stub: ResendStub | undefined;
  beforeAll(async () => {
    stub = await startResendStub();
    Object.assign(process.env, {
      RESEND_API_KEY: apiKey,
      RESEND_BASE_URL: stub.url,
      EMAIL_FROM: "Todos <todos@example.com>",
    });
    forgetEnv();
    forgetAuth();
  });
  afterAll(async () => {
    for (const name of ["RESEND_API_KEY", "RESEND_BASE_URL", "EMAIL_FROM"])
      delete process.env[name];
    forgetEnv();
    forgetAuth();
    await stub?.close();
  });
  return () => {
    if (!stub) throw new Error("withResendStub: the stub is not running yet");
    return stub;
  };
}
