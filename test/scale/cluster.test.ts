import { Redis } from "ioredis";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { RULES } from "@/lib/rate-limit/rules";
import {
  anotherDevice,
  latestEmail,
  newAddress,
  newDevice,
  PASSWORD,
  signedInDevice,
  target,
} from "@/test/client/device";
import { serverRows } from "@/test/client/server-rows";
import { eventReader } from "@/test/feed-events";

const instances = () => target().instances;
const rows = () => {
  const db = serverRows();
  if (!db) throw new Error("the scaled run shares its Postgres with the tests");
  return db;
};

/** get-session straight to one instance with a given session token, as a bearer client sends it. */
async function renewAt(instance: string, token: string, ip: string) {
  const res = await fetch(`${instance}/api/auth/get-session`, {
    headers: { authorization: `Bearer ${token}`, origin: target().baseURL, "x-real-ip": ip },
  });
  return { status: res.status, body: await res.json(), next: res.headers.get("set-auth-token") };
}

const REUSE_ALARM = /signed out .* for your safety/i;

/** The reuse alarms in an address's mailbox now; a mailbox that cannot answer fails the test. */
async function reuseAlarms(email: string) {
  const res = await fetch(`${target().baseURL}/api/dev/mailbox?to=${encodeURIComponent(email)}`);
  if (!res.ok) throw new Error(`the mailbox answered ${res.status}`);
  const { messages } = (await res.json()) as { messages: { subject: string }[] };
  return messages.filter((message) => REUSE_ALARM.test(message.subject));
}

/** Mail goes out after the response: none may arrive in the 5 s any other mail takes here. */
async function expectNoReuseAlarm(email: string) {
  for (let check = 0; check < 50; check += 1) {
    expect(await reuseAlarms(email)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("three instances, one Postgres, one Redis", () => {
  it("has every instance healthy and serving the same keys (one secret, one JWKS)", async () => {
    expect(instances()).toHaveLength(3);
    const keys = await Promise.all(
      instances().map(async (instance) => (await fetch(`${instance}/api/auth/jwks`)).json()),
    );
    expect(new Set(keys.map((key) => JSON.stringify(key))).size).toBe(1);
  });

  it("accepts on every instance the cookies and JWTs another instance issued", async () => {
    const [first = "", second = "", third = ""] = instances();
    const { device: web, email } = await signedInDevice("cookie");
    // The access cookie is a JWE under the shared secret; the session cookie is signed with it.
    for (const instance of [first, second, third]) {
      const res = await fetch(`${instance}/api/todos`, {
        headers: {
          cookie: [...web.state.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
          "x-real-ip": web.ip,
        },
      });
      expect(res.status, instance).toBe(200);
    }
    const native = await anotherDevice("bearer", email);
    const minted = await fetch(`${first}/api/auth/token`, {
      headers: {
        authorization: `Bearer ${native.state.token}`,
        origin: target().baseURL,
        "x-real-ip": native.ip,
      },
    });
    const { token } = (await minted.json()) as { token: string };
    await jwtVerify(token, createRemoteJWKSet(new URL(`${third}/api/auth/jwks`)));
    const used = await fetch(`${second}/api/todos`, {
      headers: { authorization: `Bearer ${token}`, "x-real-ip": native.ip },
    });
    expect(used.status).toBe(200);
  });

  it("two instances renewing the same session at the same moment lose nothing and revoke nothing", async () => {
    const [first = "", second = ""] = instances();
    const { device, email } = await signedInDevice("bearer");
    let token = device.state.token ?? "";
    for (let round = 0; round < 10; round += 1) {
      const [a, b] = await Promise.all([
        renewAt(first, token, device.ip),
        renewAt(second, token, device.ip),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.body?.user?.email).toBe(email);
      expect(b.body?.user?.email).toBe(email);
      // Whichever answer the client keeps, it carries on.
      token = (round % 2 ? a.next : b.next) ?? token;
    }
    const after = await renewAt(instances()[2] ?? "", token, device.ip);
    expect(after.body?.user?.email).toBe(email);
    await expectNoReuseAlarm(email);
  });

  it("still catches a replaced token used after the grace, on another instance, and tells the owner", async () => {
    const [first = "", second = "", third = ""] = instances();
    const { device, email } = await signedInDevice("bearer");
    const stolen = device.state.token ?? "";
    const renewed = await renewAt(first, stolen, device.ip);
    const again = await renewAt(second, renewed.next ?? "", device.ip);
    expect(again.body?.user?.email).toBe(email);
    await rows()
      .updateTable("retired_session_token")
      .set({ retired_at: sql`retired_at - interval '1 hour'` })
      .execute();

    const replay = await renewAt(third, stolen, "203.0.113.66");
    expect(replay.body).toBeNull();
    // The whole session is revoked: the owner's current token is dead too, on every instance.
    for (const instance of instances())
      expect((await renewAt(instance, again.next ?? "", device.ip)).body).toBeNull();
    await latestEmail(email, REUSE_ALARM);
    expect(await reuseAlarms(email)).toHaveLength(1);
  });

  it("trips the per-address email limit at the same count whichever instance answers", async () => {
    const { email } = await signedInDevice("bearer");
    const statuses: number[] = [];
    for (let i = 0; i <= RULES.emailPerAddress.limit; i += 1) {
      const instance = instances()[i % instances().length] ?? "";
      const res = await fetch(`${instance}/api/auth/request-password-reset`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: target().baseURL,
          "x-real-ip": `203.0.113.${10 + i}`,
        },
        body: JSON.stringify({ email, redirectTo: "/reset-password" }),
      });
      statuses.push(res.status);
    }
    // The sign-up's verification email counted too: 3 per address in 15 minutes, in all.
    const expected = Array.from({ length: RULES.emailPerAddress.limit + 1 }, (_, i) =>
      i < RULES.emailPerAddress.limit - 1 ? 200 : 429,
    );
    expect(statuses).toEqual(expected);
  });

  it("refuses a device revoked on one instance on its next request to another", async () => {
    const [first = "", second = "", third = ""] = instances();
    const { device: laptop, email } = await signedInDevice("bearer");
    const phone = newDevice("bearer", second);
    expect((await phone.client.signIn.email({ email, password: PASSWORD })).error).toBeNull();
    const { data: jwt } = await phone.client.token();
    const onFirst = newDevice("bearer", first);
    onFirst.state.token = laptop.state.token;
    const listed = (await onFirst.client.listSessions()).data ?? [];
    const handle =
      listed.find((session) => !(session as { current?: boolean }).current)?.token ?? "";
    expect((await onFirst.client.revokeSession({ token: handle })).error).toBeNull();

    const onThird = newDevice("bearer", third);
    onThird.state.token = phone.state.token;
    expect((await onThird.client.listSessions()).error).toMatchObject({ status: 401 });
    for (const instance of instances()) {
      const res = await fetch(`${instance}/api/todos`, {
        headers: { authorization: `Bearer ${jwt?.token}`, "x-real-ip": phone.ip },
      });
      expect(res.status, instance).toBe(401);
    }
  });

  it("two devices through the balancer: a todo added on one is read on the other; sign-out on one leaves the other", async () => {
    const { device: laptop, email } = await signedInDevice("cookie", newAddress("two-devices"));
    const phone = await anotherDevice("bearer", email);
    const created = await laptop.rest("/api/todos", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "Buy milk" }),
    });
    expect(created.status).toBe(201);
    for (let i = 0; i < 3; i += 1) {
      const list = (await (await phone.rest("/api/todos")).json()) as {
        todos: { title: string }[];
      };
      expect(list.todos.map((todo) => todo.title)).toEqual(["Buy milk"]);
    }
    expect((await phone.client.signOut()).error).toBeNull();
    expect((await phone.rest("/api/todos")).status).toBe(401);
    expect((await laptop.rest("/api/todos")).status).toBe(200);
  });

  it("a change made through instance 1 reaches a device whose live feed instance 3 holds, through Redis", async () => {
    const [first = "", , third = ""] = instances();
    const { device: laptop, email } = await signedInDevice("cookie", newAddress("live-feed"));
    const phone = await anotherDevice("bearer", email);
    const held = await phone.rest(`${third}/api/todos/feed`);
    expect(held.status).toBe(200);
    const feed = eventReader(held.body as ReadableStream<Uint8Array>);
    expect(await feed.next(10_000)).toMatchObject({ event: "version" });
    // Instance 3 listens on the user's channel in Redis: the change comes by push, not a poll.
    const user = await rows()
      .selectFrom("user")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    const redis = new Redis(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
    try {
      expect(await redis.pubsub("CHANNELS", `*:feed:${user.id}`)).toHaveLength(1);
    } finally {
      redis.disconnect();
    }
    const created = await laptop.rest(`${first}/api/todos`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "made on instance 1" }),
    });
    expect(created.status).toBe(201);
    expect(await feed.next(10_000)).toMatchObject({ event: "change", data: { live: true } });
    await feed.cancel();
  });
});
