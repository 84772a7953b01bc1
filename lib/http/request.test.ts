import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./request";

const post = (headers: Record<string, string>) =>
  new Request("http://localhost:3000/api/todos", {
    method: "POST",
    headers: { host: "localhost:3000", ...headers },
  });

describe("isSameOriginRequest", () => {
  it("accepts the app's own origin", () => {
    expect(isSameOriginRequest(post({ origin: "http://localhost:3000" }))).toBe(true);
  });

  it("refuses another origin, a lookalike and Origin: null", () => {
    expect(isSameOriginRequest(post({ origin: "https://evil.example" }))).toBe(false);
    expect(isSameOriginRequest(post({ origin: "http://localhost:3000.evil.example" }))).toBe(false);
    expect(isSameOriginRequest(post({ origin: "null" }))).toBe(false);
  });

  it("refuses a cross-site request that omits Origin but carries Sec-Fetch-Site", () => {
    expect(isSameOriginRequest(post({ "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(isSameOriginRequest(post({ "sec-fetch-site": "same-origin" }))).toBe(true);
  });

  it("lets a non-browser client without Origin through (CSRF needs a browser)", () => {
    expect(isSameOriginRequest(post({}))).toBe(true);
  });
});
