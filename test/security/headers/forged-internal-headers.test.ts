import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { IDENTITY_HEADER } from "@/lib/identity/handoff";
import { middleware } from "@/middleware";

const forgedSession = encodeURIComponent(
  JSON.stringify({
    user: { id: "victim", email: "v@example.com", name: "V" },
    session: { id: "s" },
  }),
);

/** The request headers the middleware hands the page (Next.js passes them as x-middleware-request-*). */
function forwarded(response: Response, name: string): string | null {
  return response.headers.get(`x-middleware-request-${name}`);
}

describe("headers only the middleware may set", () => {
  it("a client cannot claim to be signed in by sending the verified-session header", async () => {
    const response = await middleware(
      new NextRequest("http://localhost:3000/todos", {
        headers: { [IDENTITY_HEADER]: forgedSession },
      }),
    );
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toMatch(/\/sign-in\?next=%2Ftodos$/);
  });

  it("the forged header never reaches a page or action, signed in or not", async () => {
    const response = await middleware(
      new NextRequest("http://localhost:3000/sign-in", {
        headers: { [IDENTITY_HEADER]: forgedSession },
      }),
    );
    expect(forwarded(response, IDENTITY_HEADER)).toBeNull();
  });
});

describe("oversized form posts", () => {
  it("a server-action post over Next's 1 MB limit gets a plain 413 before any work", async () => {
    const response = await middleware(
      new NextRequest("http://localhost:3000/todos", {
        method: "POST",
        headers: { "content-length": String(1024 * 1024 + 1), "next-action": "abc" },
      }),
    );
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/too large/);
  });

  it("a chunked post that declares no length is counted, and over 1 MB gets the same 413", async () => {
    const chunk = new Uint8Array(64 * 1024);
    const chunks = (count: number) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < count; i++) controller.enqueue(chunk);
          controller.close();
        },
      });
    const post = (count: number) =>
      middleware(
        new NextRequest("http://localhost:3000/todos", {
          method: "POST",
          headers: { "next-action": "abc" },
          body: chunks(count),
          duplex: "half",
        } as ConstructorParameters<typeof NextRequest>[1]),
      );
    expect((await post(17)).status).toBe(413);
    expect((await post(16)).status).not.toBe(413);
  });
});
