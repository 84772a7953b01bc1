import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { limitsFor } from "@/lib/edge/ip-limits";
import { clientIp } from "@/lib/net/client-ip";
import { middleware } from "@/middleware";
import { forgetEnv } from "@/test/process-state";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
  forgetEnv();
});

function signIn(headers: Record<string, string> = {}) {
  return new NextRequest("http://localhost:3000/api/auth/sign-in/email", {
    method: "POST",
    headers: { "content-type": "application/json", origin: "http://localhost:3000", ...headers },
    body: JSON.stringify({ email: "someone@example.com", password: "wrong password" }),
  });
}

/** Production settings that reach nothing: the request must be answered before any is used. */
function beADeployment() {
  // The suite's own switch (no breached-password calls) is refused in a deployment.
  delete process.env.PWNED_PASSWORDS_URL;
  Object.assign(process.env, {
    VERCEL: "1",
    DATABASE_URL: "postgres://app@db.invalid/todos",
    RESEND_API_KEY: "re_test",
    EMAIL_FROM: "Todos <todos@example.com>",
    UPSTASH_REDIS_REST_URL: "https://redis.invalid",
    UPSTASH_REDIS_REST_TOKEN: "token",
  });
  forgetEnv();
}

describe("a client the proxy did not name never shares one bucket with everyone", () => {
  it("in a deployment, a request without the client-IP header is refused with a clear 400", async () => {
    beADeployment();
    const unnamed: Record<string, string>[] = [{}, { "x-real-ip": "" }, { "x-real-ip": "unknown" }];
    for (const headers of unnamed) {
      const response = await middleware(signIn(headers));
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.error.code).toBe("missing_client_ip");
      expect(body.error.message).toMatch(/x-real-ip/);
    }
    expect(() => clientIp(signIn())).toThrow(/x-real-ip/);
  });

  it("on the laptop (no proxy) a request without the header is this machine, not 'unknown'", async () => {
    expect(clientIp(signIn())).toBe("127.0.0.1");
    const limits = limitsFor(signIn());
    expect(limits?.checks).toContainEqual({ rule: "signInPerIp", key: "ip:127.0.0.1" });
  });
});

describe("per-IP limits count IPv4 per address and IPv6 per /64", () => {
  const keyOf = (ip: string) => clientIp(signIn({ "x-real-ip": ip }));

  it("every address of one /64 is one client, however it is written", async () => {
    const forms = [
      "2001:db8:1:2::1",
      "2001:db8:1:2:aaaa:bbbb:cccc:dddd",
      "2001:0DB8:0001:0002:0000:0000:0000:0009",
      "[2001:db8:1:2::7]:443",
      "2001:db8:1:2::5%eth0",
    ];
    expect(new Set(forms.map(keyOf))).toEqual(new Set(["2001:db8:1:2::/64"]));
    expect(keyOf("2001:db8:1:3::1")).not.toBe(keyOf("2001:db8:1:2::1"));
    const limits = limitsFor(signIn({ "x-real-ip": forms[1] ?? "" }));
    expect(limits?.checks).toContainEqual({ rule: "signInPerIp", key: "ip:2001:db8:1:2::/64" });
  });

  it("an IPv4-mapped IPv6 address is the IPv4 client; IPv4 stays per address", () => {
    expect(keyOf("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(keyOf("::ffff:c633:6407")).toBe("198.51.100.7");
    expect(keyOf("198.51.100.7")).toBe("198.51.100.7");
    expect(keyOf("198.51.100.8")).toBe("198.51.100.8");
  });
});
