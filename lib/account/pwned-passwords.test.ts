import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { withTestDatabase } from "@/test/database";
import { callAuth, createVerifiedUser } from "@/test/http";
import { forgetEnv } from "@/test/process-state";

const getDb = withTestDatabase();

const BREACHED = "a long breached passphrase";
const sha1 = (text: string) => createHash("sha1").update(text).digest("hex").toUpperCase();

/** A local stand-in for api.pwnedpasswords.com that records what it was asked. */
let stub: Server;
const asked: { url: string; padding: string | undefined }[] = [];
let behaviour: "answer" | "hang" | "fail" = "answer";

beforeAll(async () => {
  stub = createServer((req, res) => {
    asked.push({ url: req.url ?? "", padding: req.headers["add-padding"] as string | undefined });
    // A service that hangs never answers: only giving up can end the request.
    if (behaviour === "hang") return;
    if (behaviour === "fail") return res.writeHead(503).end();
    const breached = sha1(BREACHED);
    const lines = ["0000000000000000000000000000000000A:0"];
    if (req.url === `/range/${breached.slice(0, 5)}`) lines.push(`${breached.slice(5)}:4211`);
    res.writeHead(200, { "content-type": "text/plain" }).end(lines.join("\r\n"));
  });
  await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
  process.env.PWNED_PASSWORDS_URL = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  forgetEnv();
});

afterAll(async () => {
  process.env.PWNED_PASSWORDS_URL = "off";
  forgetEnv();
  stub.closeAllConnections();
  await new Promise((resolve) => stub.close(resolve));
});

beforeEach(() => {
  asked.length = 0;
  behaviour = "answer";
});

const signUp = (email: string, password: string) =>
  callAuth("/sign-up/email", { method: "POST", json: { name: "Pwned Test", email, password } });

const userCount = async (email: string) =>
  (await getDb().selectFrom("user").select("id").where("email", "=", email).execute()).length;

describe("breached passwords (Pwned Passwords range API, k-anonymity)", () => {
  it("refuses a breached password at sign-up, sending only the first 5 hex characters of its SHA-1", async () => {
    const res = await signUp("breached@example.com", BREACHED);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: "PASSWORD_REJECTED",
      message: expect.stringMatching(/breach/),
    });
    expect(await userCount("breached@example.com")).toBe(0);
    expect(asked).toEqual([{ url: `/range/${sha1(BREACHED).slice(0, 5)}`, padding: "true" }]);
    expect(JSON.stringify(asked)).not.toContain(sha1(BREACHED).slice(5));
  });

  it("accepts a password the range does not list (a padding line with count 0 is no match)", async () => {
    const res = await signUp("fresh@example.com", "an unlisted passphrase for sure");
    expect(res.status).toBe(200);
    expect(asked).toHaveLength(1);
  });

  it("checks the new password on change and reset too", async () => {
    const jar = await createVerifiedUser("changer@example.com", "the original passphrase");
    const change = await callAuth("/change-password", {
      method: "POST",
      jar,
      json: { currentPassword: "the original passphrase", newPassword: BREACHED },
    });
    expect(change.status).toBe(400);
    expect((await change.json()).code).toBe("PASSWORD_REJECTED");
    const reset = await callAuth("/reset-password", {
      method: "POST",
      json: { token: "any-token", newPassword: BREACHED },
    });
    expect(reset.status).toBe(400);
    expect((await reset.json()).code).toBe("PASSWORD_REJECTED");
  });

  it("gives up on a service that never answers: sign-up goes through while the request hangs, with a log line", async () => {
    behaviour = "hang";
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const res = await signUp("open-hang@example.com", BREACHED);
      expect(asked).toHaveLength(1);
      expect(res.status).toBe(200);
      expect(await userCount("open-hang@example.com")).toBe(1);
      const logged = JSON.stringify(
        warn.mock.calls.map(([message, error]) => [message, `${error}`]),
      );
      expect(logged).toContain("Breached-password check skipped");
      expect(logged).toMatch(/TimeoutError|timed? ?out/i);
      expect(logged).not.toContain(sha1(BREACHED));
    } finally {
      warn.mockRestore();
    }
  });

  it("fails open when the service answers 503, with a log line", async () => {
    behaviour = "fail";
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const res = await signUp("open-fail@example.com", BREACHED);
      expect(res.status).toBe(200);
      expect(asked).toHaveLength(1);
      const logged = JSON.stringify(
        warn.mock.calls.map(([message, error]) => [message, `${error}`]),
      );
      expect(logged).toContain("Breached-password check skipped");
      expect(logged).toContain("503");
      expect(logged).not.toContain(sha1(BREACHED));
    } finally {
      warn.mockRestore();
    }
  });
});
