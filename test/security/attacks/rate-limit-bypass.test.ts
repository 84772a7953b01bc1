import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { auth } from "@/lib/auth";
import { RULES } from "@/lib/rate-limit";
import { middleware } from "@/middleware";
import { withTestDatabase } from "@/test/database";
import { BASE_URL, CookieJar, createVerifiedUser } from "@/test/http";
import { withRateLimitBackend } from "@/test/rate-limit-backend";
import { actAs } from "@/test/security/next-request";

vi.mock("next/headers", () => import("@/test/security/next-request"));

withTestDatabase();
withRateLimitBackend();

const PASSWORD = "correct horse battery";
let ipCounter = 0;
const freshIp = () => `198.51.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;
const freshEmail = (kind: string) => `${kind}-${Math.random().toString(36).slice(2)}@example.com`;

type Encoding = "json" | "urlencoded" | "multipart";

function body(encoding: Encoding, fields: Record<string, string>) {
  if (encoding === "json") return { type: "application/json", body: JSON.stringify(fields) };
  if (encoding === "urlencoded") {
    return {
      type: "application/x-www-form-urlencoded",
      body: new URLSearchParams(fields).toString(),
    };
  }
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return { type: undefined, body: form };
}

function authPost(
  path: string,
  encoding: Encoding,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const { type, body: payload } = body(encoding, fields);
  return () =>
    new NextRequest(new URL(`/api/auth${path}`, BASE_URL), {
      method: "POST",
      headers: { origin: BASE_URL, ...(type && { "content-type": type }), ...headers },
      body: payload,
    });
}

/** As the server does it: the middleware, then Better Auth when the middleware lets it through. */
async function send(request: () => NextRequest, jar?: CookieJar): Promise<Response> {
  const verdict = await middleware(await request());
  if (verdict.status === 429) return verdict;
  const response = await auth().handler(await request());
  jar?.store(response);
  return response;
}

const signInFrom = (
  ip: string,
  email: string,
  password: string,
  encoding: Encoding = "json",
  cookie = "",
) =>
  authPost(
    "/sign-in/email",
    encoding,
    { email, password },
    { "x-real-ip": ip, ...(cookie && { cookie }) },
  );

describe("A1a: the per-account rule holds in every body encoding Better Auth accepts", () => {
  for (const encoding of ["json", "urlencoded"] as const) {
    it(`${encoding}: wrong passwords for one address from many IPs meet 429 after the limit`, async () => {
      const email = freshEmail(encoding);
      await createVerifiedUser(email);
      for (let i = 0; i < RULES.failedPasswordsPerAccount.limit; i++) {
        expect((await send(signInFrom(freshIp(), email, `wrong ${i}`, encoding))).status).toBe(401);
      }
      const refused = await send(signInFrom(freshIp(), email, PASSWORD, encoding));
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    });
  }

  it("multipart: Better Auth refuses the body (415), and the edge counts every attempt per IP", async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i <= RULES.signInPerIp.limit; i++) {
      statuses.push((await send(signInFrom(ip, freshEmail("mp"), "x", "multipart"))).status);
    }
    expect(new Set(statuses.slice(0, -1))).toEqual(new Set([415]));
    expect(statuses.at(-1)).toBe(429);
  });

  it("lets no more concurrent wrong guesses through than the limit", async () => {
    const email = freshEmail("burst");
    await createVerifiedUser(email);
    const answers = await Promise.all(
      Array.from({ length: 3 * RULES.failedPasswordsPerAccount.limit }, (_, i) =>
        send(signInFrom(freshIp(), email, `burst ${i}`)),
      ),
    );
    const checked = answers.filter((res) => res.status === 401).length;
    expect(checked).toBeLessThanOrEqual(RULES.failedPasswordsPerAccount.limit);
    expect(answers.filter((res) => res.status === 429).length).toBeGreaterThan(0);
  });

  it("refuses a locked address the same way whether or not it has an account", async () => {
    const existing = freshEmail("exists");
    await createVerifiedUser(existing);
    const answers = [];
    for (const email of [existing, freshEmail("nobody")]) {
      for (let i = 0; i < RULES.failedPasswordsPerAccount.limit; i++) {
        await send(signInFrom(freshIp(), email, `wrong ${i}`, "urlencoded"));
      }
      const res = await send(signInFrom(freshIp(), email, "wrong again", "urlencoded"));
      answers.push({ status: res.status, code: (await res.json()).code });
    }
    expect(answers[0]).toEqual({ status: 429, code: "RATE_LIMITED" });
    expect(answers[1]).toEqual(answers[0]);
  });
});

describe("A1b: a server action counts its own rule, whatever its arguments look like", () => {
  /** What React may hand an action: renamed or extra fields, a Map, a plain object, nothing. */
  const argumentsOf: Record<string, () => unknown> = {
    "renamed fields": () => form({ login: freshEmail("renamed"), secret: "x" }),
    // A new address each time, so only the per-IP rule can refuse (not the account's).
    "extra intent field": () =>
      form({ intent: "create", email: freshEmail("intent"), password: "x" }),
    "a Map": () => new Map([["email", freshEmail("map")]]),
    "a plain object": () => ({ email: freshEmail("object"), password: "x" }),
    nothing: () => undefined,
  };

  function form(fields: Record<string, string>) {
    const data = new FormData();
    for (const [name, value] of Object.entries(fields)) data.set(name, value);
    return data;
  }

  for (const [name, build] of Object.entries(argumentsOf)) {
    it(`${name}: counts against sign-in's per-IP limit and is refused past it`, async () => {
      const { signInAction } = await import("@/app/(auth)/actions");
      const ip = freshIp();
      const attempt = () => {
        actAs(undefined, { "x-real-ip": ip });
        return signInAction({ status: "idle" }, build() as FormData);
      };
      for (let i = 0; i < RULES.signInPerIp.limit; i++) {
        expect(JSON.stringify(await attempt())).not.toMatch(/Too many attempts/);
      }
      expect(await attempt()).toMatchObject({
        message: expect.stringMatching(/^Too many attempts/),
      });
    });
  }

  it("counts wrong sign-ins through the action per IP, then shows the wait", async () => {
    const { signInAction } = await import("@/app/(auth)/actions");
    const ip = freshIp();
    const attempt = () => {
      actAs(undefined, { "x-real-ip": ip });
      const form = new FormData();
      form.set("email", freshEmail("fallback"));
      form.set("password", "wrong password");
      return signInAction({ status: "idle" }, form);
    };
    for (let i = 0; i < RULES.signInPerIp.limit; i++) {
      expect(await attempt()).toMatchObject({ message: "Wrong email or password." });
    }
    expect(await attempt()).toMatchObject({ message: expect.stringMatching(/^Too many attempts/) });
  });

  it("refuses a Map or plain object where a form was expected, changing nothing", async () => {
    const { signInAction } = await import("@/app/(auth)/actions");
    actAs(undefined, { "x-real-ip": freshIp() });
    const map = new Map([
      ["email", "victim@example.com"],
      ["password", PASSWORD],
    ]);
    const result = await signInAction({ status: "idle" }, map as unknown as FormData);
    expect(result).toMatchObject({ status: "error", message: "Check the highlighted fields." });
  });
});

describe("A1c: a signed-in password re-entry counts against the account, access cookie or not", () => {
  it("wrong step-up passwords with only the session cookie, from many IPs, meet 429", async () => {
    const jar = await createVerifiedUser(freshEmail("stepup"));
    const stolen = new CookieJar();
    stolen.cookies.set(
      "better-auth.session_token",
      jar.cookies.get("better-auth.session_token") ?? "",
    );
    const guess = () =>
      send(
        authPost(
          "/verify-password",
          "json",
          { password: "guess" },
          { "x-real-ip": freshIp(), cookie: stolen.header() },
        ),
      );
    for (let i = 0; i < RULES.failedPasswordsPerAccount.limit; i++)
      expect((await guess()).status).toBe(400);
    expect((await guess()).status).toBe(429);
  });
});

describe("A2: a correct password is never a guess, and an attack elsewhere locks no owner out", () => {
  it("signs in correctly more times than the failure limit, from as many IPs", async () => {
    const email = freshEmail("often");
    await createVerifiedUser(email);
    for (let i = 0; i <= RULES.failedPasswordsPerAccount.limit + 1; i++) {
      expect((await send(signInFrom(freshIp(), email, PASSWORD))).status).toBe(200);
    }
  });

  it("keeps the owner's device and address signing in while strangers are refused", async () => {
    const email = freshEmail("owner");
    await createVerifiedUser(email);
    const laptop = new CookieJar();
    const homeIp = freshIp();
    expect((await send(signInFrom(freshIp(), email, PASSWORD), laptop)).status).toBe(200);
    expect((await send(signInFrom(homeIp, email, PASSWORD))).status).toBe(200);
    for (let i = 0; i <= RULES.failedPasswordsPerAccount.limit; i++) {
      await send(signInFrom(freshIp(), email, `attacker ${i}`));
    }
    expect((await send(signInFrom(freshIp(), email, PASSWORD))).status).toBe(429);
    expect(
      (await send(signInFrom(freshIp(), email, PASSWORD, "json", laptop.header()))).status,
    ).toBe(200);
    expect((await send(signInFrom(homeIp, email, PASSWORD))).status).toBe(200);
  });

  it("gives a known device a budget of its own, not an unlimited one", async () => {
    const email = freshEmail("device");
    await createVerifiedUser(email);
    const device = new CookieJar();
    await send(signInFrom(freshIp(), email, PASSWORD), device);
    for (let i = 0; i < RULES.failedPasswordsPerAccount.limit; i++) {
      await send(signInFrom(freshIp(), email, `elsewhere ${i}`));
    }
    for (let i = 0; i < RULES.failedPasswordsPerAccount.limit; i++) {
      expect(
        (await send(signInFrom(freshIp(), email, `device ${i}`, "json", device.header()))).status,
      ).toBe(401);
    }
    expect(
      (await send(signInFrom(freshIp(), email, PASSWORD, "json", device.header()))).status,
    ).toBe(429);
  });

  it("does not let a device cookie earned on one account vouch for another", async () => {
    const mine = freshEmail("mine");
    const victim = freshEmail("victim");
    await createVerifiedUser(mine);
    await createVerifiedUser(victim);
    const jar = new CookieJar();
    await send(signInFrom(freshIp(), mine, PASSWORD), jar);
    const [, value] = [...jar.cookies].find(([name]) => name.includes("known_device")) ?? [];
    expect(value).toBeDefined();
    for (let i = 0; i < RULES.failedPasswordsPerAccount.limit; i++) {
      await send(signInFrom(freshIp(), victim, `guess ${i}`));
    }
    // Every known-device cookie name of the victim's account, carrying the attacker's own value.
    const victimCookie = (await import("@/lib/rate-limit/known-devices")).knownDeviceCookieName(
      victim,
      false,
    );
    const forged = `${victimCookie}=${value}`;
    expect((await send(signInFrom(freshIp(), victim, "guess", "json", forged))).status).toBe(429);
  });
});

describe("review findings: budgets and inboxes a stolen session or a decoy field cannot stretch", () => {
  it("a stolen session earns no known-device cookie or known address from update-user", async () => {
    const email = freshEmail("minted");
    const jar = await createVerifiedUser(email);
    const stolen = new CookieJar();
    stolen.cookies.set(
      "better-auth.session_token",
      jar.cookies.get("better-auth.session_token") ?? "",
    );
    const ip = freshIp();
    const res = await send(
      authPost("/update-user", "json", { name: "x" }, { "x-real-ip": ip, cookie: stolen.header() }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().some((line) => line.includes("known_device"))).toBe(false);
    const { isKnownSignInAddress } = await import("@/lib/rate-limit/known-devices");
    expect(await isKnownSignInAddress(email, ip)).toBe(false);
  });

  it("change-email counts against the address it mails, not a decoy email field", async () => {
    const jar = await createVerifiedUser(freshEmail("changer"));
    const headers = () => ({ "x-real-ip": freshIp(), cookie: jar.header() });
    const proof = await send(
      authPost("/verify-password", "json", { password: PASSWORD }, headers()),
      jar,
    );
    expect(proof.status).toBe(200);
    const target = freshEmail("inbox");
    const statuses: number[] = [];
    for (let i = 0; i <= RULES.emailPerAddress.limit; i++) {
      const fields = { newEmail: target, email: freshEmail(`decoy${i}`), callbackURL: "/settings" };
      statuses.push((await send(authPost("/change-email", "json", fields, headers()), jar)).status);
    }
    expect(statuses.slice(0, -1)).toEqual(Array(RULES.emailPerAddress.limit).fill(200));
    expect(statuses.at(-1)).toBe(429);
  });

  it("change-email counts the approvals it mails the current address, whatever new address is asked", async () => {
    const jar = await createVerifiedUser(freshEmail("approver"));
    const headers = () => ({ "x-real-ip": freshIp(), cookie: jar.header() });
    const proof = await send(
      authPost("/verify-password", "json", { password: PASSWORD }, headers()),
      jar,
    );
    expect(proof.status).toBe(200);
    const statuses: number[] = [];
    // At most the address's budget plus the signed-in device's own (lib/auth/sign-in-limits.ts).
    for (let i = 0; i <= 2 * RULES.emailPerAddress.limit && !statuses.includes(429); i++) {
      const fields = { newEmail: freshEmail(`elsewhere${i}`), callbackURL: "/settings" };
      statuses.push((await send(authPost("/change-email", "json", fields, headers()), jar)).status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((status) => status === 200)).toBe(true);
  });

  it("sign-up mails one address at most the per-address limit, from any number of IPs", async () => {
    const victim = freshEmail("signup-inbox");
    await createVerifiedUser(victim);
    const statuses: number[] = [];
    for (let i = 0; i < RULES.emailPerAddress.limit; i++) {
      const fields = { name: "Spam", email: victim, password: "another long password" };
      statuses.push(
        (await send(authPost("/sign-up/email", "json", fields, { "x-real-ip": freshIp() }))).status,
      );
    }
    // createVerifiedUser's own sign-up was the first email to this address.
    expect(statuses.slice(0, RULES.emailPerAddress.limit - 1)).toEqual([200, 200]);
    expect(statuses.at(-1)).toBe(429);
  });
});
