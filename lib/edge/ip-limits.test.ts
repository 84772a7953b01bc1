import { describe, expect, it } from "vitest";
import { limitsFor } from "./ip-limits";

const request = (path: string, method = "GET") =>
  new Request(`http://localhost:3000${path}`, { method, headers: { "x-real-ip": "203.0.113.9" } });

describe("the edge counts per-IP rules only, by route", () => {
  it("counts an emailed link by its route pattern, whatever token it carries", () => {
    expect(limitsFor(request("/api/auth/reset-password/abc123"))?.checks).toEqual([
      { rule: "linksPerIp", key: "ip:203.0.113.9" },
    ]);
  });

  it("counts every provider callback, ours for OIDC included, and the start of a provider sign-in", () => {
    for (const [path, method] of [
      ["/api/auth/oauth2/callback/oidc?code=c&state=s", "GET"],
      ["/api/auth/callback/github?code=c&state=s", "GET"],
      ["/api/auth/callback/google", "POST"],
      ["/api/auth/sign-in/social", "POST"],
    ]) {
      expect(limitsFor(request(path ?? "", method)), path).toEqual({
        operation: "providerSignIn",
        checks: [{ rule: "providerSignInPerIp", key: "ip:203.0.113.9" }],
      });
    }
  });

  it("leaves per-user and per-session rules to Node, where the caller is known", () => {
    for (const [path, method] of [
      ["/api/todos/feed?since=3", "GET"],
      ["/api/todos", "POST"],
      ["/api/auth/update-user", "POST"],
      ["/api/auth/get-session", "GET"],
      ["/todos", "POST"],
    ]) {
      expect(limitsFor(request(path ?? "", method)), path).toBeUndefined();
    }
  });
});
