import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser } from "@/test/http";

const getDb = withTestDatabase();
const PASSWORD = "correct horse battery";
const SESSION = "better-auth.session_token";

const rawToken = (signed: string | null | undefined) =>
  decodeURIComponent(signed ?? "").split(".")[0] ?? "";

async function liveTokens(email: string) {
  const rows = await getDb()
    .selectFrom("session")
    .innerJoin("user", "user.id", "session.userId")
    .select("session.token")
    .where("user.email", "=", email)
    .execute();
  return rows.map((row) => row.token);
}

/** A second account's own signed session token, as an attacker would hold. */
async function attackersSignedToken(email: string) {
  const jar = await createVerifiedUser(email);
  return jar.cookies.get(SESSION) ?? "";
}

describe("set-auth-token goes only to bearer clients", () => {
  it("is never sent to a cookie-authenticated request (page script could read it)", async () => {
    const jar = await createVerifiedUser("header-victim@example.com");
    const res = await callAuth("/update-user", { method: "POST", jar, json: { name: "New Name" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-auth-token")).toBeNull();
    expect(res.headers.get("access-control-expose-headers") ?? "").not.toMatch(/set-auth-token/i);
  });

  it("is not sent to a browser that signs in while carrying cookies", async () => {
    const email = "header-browser@example.com";
    const jar = await createVerifiedUser(email);
    const res = await callAuth("/sign-in/email", {
      method: "POST",
      jar,
      json: { email, password: PASSWORD },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-auth-token")).toBeNull();
  });

  it("is sent to a client that signs in without any cookie", async () => {
    const email = "header-device@example.com";
    await createVerifiedUser(email);
    const res = await callAuth("/sign-in/email", {
      method: "POST",
      json: { email, password: PASSWORD },
    });
    expect(res.status).toBe(200);
    expect(await liveTokens(email)).toContain(rawToken(res.headers.get("set-auth-token")));
  });

  it("a tab after 'Bearer' is not a bearer token: /token cannot be made to expose the cookie's token", async () => {
    const victim = "tab-victim@example.com";
    const jar = await createVerifiedUser(victim);
    const attackers = await attackersSignedToken("tab-attacker@example.com");
    const res = await callAuth("/token", {
      jar,
      headers: { authorization: `Bearer\t${attackers}` },
    });
    const exposed = rawToken(res.headers.get("set-auth-token"));
    const [current] = await liveTokens(victim);
    expect(exposed === "" || exposed !== current).toBe(true);
    expect(res.headers.get("set-auth-token")).toBeNull();
  });

  it.each([
    ["two spaces", (signed: string) => `Bearer  ${signed}`],
    ["another scheme", (signed: string) => `Basic ${signed}`],
    ["an unsigned token", (signed: string) => `Bearer ${rawToken(signed)}`],
    ["a forged signature", (signed: string) => `Bearer ${rawToken(signed)}.AAAA`],
  ])("%s is refused as a bearer token", async (name, shape) => {
    const jar = await createVerifiedUser(`shape-${name.replaceAll(" ", "-")}@example.com`);
    const res = await callAuth("/token", {
      headers: { authorization: shape(jar.cookies.get(SESSION) ?? "") },
    });
    expect(res.status).toBe(401);
  });

  it("'bearer' in any case with one space is a bearer token", async () => {
    const jar = await createVerifiedUser("case@example.com");
    const res = await callAuth("/token", {
      headers: { authorization: `bEaReR ${jar.cookies.get(SESSION)}` },
    });
    expect(res.status).toBe(200);
  });
});

describe("a bearer client always learns its rotated token", () => {
  it("get-session that rotates a bearer token sends the new one, which then works", async () => {
    const email = "bearer-get-session@example.com";
    const jar = await createVerifiedUser(email);
    const device = new CookieJar();
    const first = await callAuth("/get-session", {
      headers: { authorization: `Bearer ${jar.cookies.get(SESSION)}` },
    });
    expect(first.status).toBe(200);
    const next = first.headers.get("set-auth-token");
    expect(next).not.toBeNull();
    expect(await liveTokens(email)).toEqual([rawToken(next)]);
    expect(first.headers.get("access-control-expose-headers")).toMatch(/set-auth-token/i);

    const second = await callAuth("/token", {
      jar: device,
      headers: { authorization: `Bearer ${next}` },
    });
    expect(second.status).toBe(200);
  });
});
