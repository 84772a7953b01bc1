import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

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
