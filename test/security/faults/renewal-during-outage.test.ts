import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { middleware } from "@/middleware";
import { forgetEnv } from "@/test/process-state";

/** Stands in for the app's own get-session while the database is down (or answers "no session"). */
let answer: { status: number; body: string } = { status: 503, body: "{}" };
let server: Server;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.BETTER_AUTH_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  forgetEnv();
});

afterAll(async () => {
  process.env.BETTER_AUTH_URL = "http://localhost:3000";
  forgetEnv();
  await new Promise((resolve) => server.close(resolve));
});

const withExpiredAccessToken = () =>
  new NextRequest(`${process.env.BETTER_AUTH_URL}/todos`, {
    headers: { cookie: "better-auth.session_token=some-token.signature" },
  });

describe("renewing an expired access JWT while the database is down", () => {
  it("lets the page through (to say the database is unreachable) instead of asking to sign in", async () => {
    answer = { status: 503, body: '{"code":"unavailable"}' };
    const response = await middleware(withExpiredAccessToken());
    expect(response.status).toBe(200);
    expect(response.headers.get("location")).toBeNull();
  });

  it("still sends a device whose session is gone to sign in", async () => {
    answer = { status: 200, body: "null" };
    const response = await middleware(withExpiredAccessToken());
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toMatch(/\/sign-in\?next=%2Ftodos$/);
  });
});
