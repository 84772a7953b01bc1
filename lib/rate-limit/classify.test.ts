import { describe, expect, it } from "vitest";
import { limitsFor } from "./classify";

const get = (path: string) =>
  new Request(`http://localhost:3000${path}`, { headers: { "x-real-ip": "203.0.113.9" } });

describe("classifying the live feed", () => {
  it("counts each feed request as a REST read of its user (one per open page every 25 s)", async () => {
    const limits = await limitsFor(get("/api/todos/feed?since=3"), "user-1");
    expect(limits).toMatchObject({ transport: "api", operations: ["todoRead"] });
    expect(limits?.checks).toEqual([{ rule: "apiReadsPerUser", key: "user:user-1" }]);
  });
});
