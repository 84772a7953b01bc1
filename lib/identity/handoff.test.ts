import { describe, expect, it, vi } from "vitest";
import { signIdentity, verifyIdentity } from "./handoff";

const SECRET = "test-secret-that-is-at-least-32-characters-long";
const ada = { user: { id: "u1", email: "ada@example.com", name: "Ada" }, session: { id: "s1" } };
const inAMinute = () => Date.now() + 60_000;

describe("the identity handoff", () => {
  it("gives back exactly the identity it signed, while it is valid", async () => {
    const value = await signIdentity(ada, inAMinute(), SECRET);
    expect(await verifyIdentity(value, SECRET)).toEqual(ada);
  });

  it("stops vouching for a header it verified before, the moment the access JWT behind it ends", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      const value = await signIdentity(ada, Date.now() + 1000, SECRET);
      expect(await verifyIdentity(value, SECRET)).toEqual(ada);
      vi.setSystemTime(Date.now() + 1001);
      expect(await verifyIdentity(value, SECRET)).toBeNull();
      expect(
        await verifyIdentity(value, "another-secret-that-is-at-least-32-characters"),
      ).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses a payload changed after signing, however little", async () => {
    const [payload = "", mac] = (await signIdentity(ada, inAMinute(), SECRET)).split(".");
    const flipped = `${payload.slice(0, -1)}${payload.endsWith("A") ? "B" : "A"}.${mac}`;
    expect(await verifyIdentity(flipped, SECRET)).toBeNull();
  });

  it("refuses garbage without throwing", async () => {
    for (const value of [null, "", ".", "a.b.c", "!!!.???", "%7B%7D", "e30.e30"]) {
      expect(await verifyIdentity(value, SECRET)).toBeNull();
    }
  });
});
