import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { middleware } from "@/middleware";
import { forgetEnv } from "@/test/process-state";

const PAGES = ["/", "/sign-in", "/sign-up", "/forgot-password", "/todos", "/settings/sessions"];

function policyOf(response: Response): Map<string, string> {
  const header = response.headers.get("content-security-policy") ?? "";
  return new Map(
    header.split(";").map((directive) => {
      const [name = "", ...values] = directive.trim().split(/\s+/);
      return [name, values.join(" ")];
    }),
  );
}

async function get(path: string, base = "http://localhost:3000") {
  return middleware(new NextRequest(new URL(path, base)));
}

afterEach(() => {
  process.env.BETTER_AUTH_URL = "http://localhost:3000";
  forgetEnv();
});

describe("security headers from the middleware", () => {
  it.each(PAGES)(
    "%s: scripts only with this request's nonce, never inline, never framed",
    async (path) => {
      const response = await get(path);
      const policy = policyOf(response);
      const scripts = policy.get("script-src") ?? "";
      expect(scripts).toMatch(/'nonce-[A-Za-z0-9+/]{22}=='/);
      expect(scripts).toContain("'strict-dynamic'");
      expect(scripts).not.toContain("unsafe-inline");
      expect(scripts).not.toContain("unsafe-eval");
      expect(policy.get("frame-ancestors")).toBe("'none'");
      expect(policy.get("object-src")).toBe("'none'");
      expect(policy.get("base-uri")).toBe("'none'");
      expect(policy.get("form-action")).toBe("'self'");
      // The service worker comes from this site only ('strict-dynamic' alone would refuse it).
      expect(policy.get("worker-src")).toBe("'self'");
    },
  );

  it("gives every page view a fresh nonce, and hands the page the same policy it sends", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      const response = await get("/sign-in");
      const nonce = /'nonce-([^']+)'/.exec(
        response.headers.get("content-security-policy") ?? "",
      )?.[1];
      nonces.add(nonce ?? "");
      // Next.js reads the nonce for its scripts from the request headers the middleware forwards.
      expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(
        response.headers.get("content-security-policy"),
      );
    }
    expect(nonces.size).toBe(20);
  });

  it("a client cannot choose the nonce by sending its own policy header", async () => {
    const request = new NextRequest("http://localhost:3000/sign-in", {
      headers: { "content-security-policy": "script-src 'unsafe-inline'" },
    });
    const response = await middleware(request);
    const forwarded = response.headers.get("x-middleware-request-content-security-policy") ?? "";
    expect(/script-src ([^;]*)/.exec(forwarded)?.[1]).toMatch(
      /^'self' 'nonce-[^']+' 'strict-dynamic'$/,
    );
    expect(forwarded).toBe(response.headers.get("content-security-policy"));
  });

  it("API answers allow nothing to load, cannot be framed, and are never cached", async () => {
    const response = await get("/api/health");
    expect(response.headers.get("content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("sends HSTS (and upgrades insecure requests) only when the app is served over https", async () => {
    expect((await get("/sign-in")).headers.get("strict-transport-security")).toBeNull();
    process.env.BETTER_AUTH_URL = "https://todos.example.com";
    forgetEnv();
    const response = await get("/sign-in", "https://todos.example.com");
    expect(response.headers.get("strict-transport-security")).toBe(
      "max-age=63072000; includeSubDomains",
    );
    expect(policyOf(response).has("upgrade-insecure-requests")).toBe(true);
    const redirect = await get("/todos", "https://todos.example.com");
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get("strict-transport-security")).not.toBeNull();
  });
});
