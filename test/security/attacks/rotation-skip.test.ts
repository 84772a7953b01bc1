import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser } from "@/test/http";

const getDb = withTestDatabase();
const PASSWORD = "correct horse battery";
const SESSION = "better-auth.session_token";
const ACCESS = "better-auth.session_data";
const DONT_REMEMBER = "better-auth.dont_remember";

const rawToken = (signed: string | undefined) =>
  decodeURIComponent(signed ?? "").split(".")[0] ?? "";

async function tokenOf(email: string, sessionId?: string) {
  let query = getDb()
    .selectFrom("session")
    .innerJoin("user", "user.id", "session.userId")
    .select("session.token")
    .where("user.email", "=", email);
  if (sessionId) query = query.where("session.id", "=", sessionId);
  return (await query.executeTakeFirstOrThrow()).token;
}

async function sessionIdOf(jar: CookieJar) {
  const row = await getDb()
    .selectFrom("session")
    .select("id")
    .where("token", "=", rawToken(jar.cookies.get(SESSION)))
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The session cookie alone, as copied from the victim's browser once its access cookie expired. */
function stolenCopy(jar: CookieJar): CookieJar {
  const copy = new CookieJar();
  copy.cookies.set(SESSION, jar.cookies.get(SESSION) ?? "");
  return copy;
}

/** Anyone can get the signed dont_remember cookie: it is the same value for every user. */
async function ownDontRememberCookie() {
  const email = "thief-dont-remember@example.com";
  await createVerifiedUser(email);
  const jar = new CookieJar();
  await callAuth("/sign-in/email", {
    method: "POST",
    jar,
    json: { email, password: PASSWORD, rememberMe: false },
  });
  const value = jar.cookies.get(DONT_REMEMBER);
  if (!value) throw new Error("no dont_remember cookie");
  return value;
}

function setCookieLine(response: Response, name: string) {
  return response.headers.getSetCookie().find((line) => line.startsWith(`${name}=`));
}

describe("every renewal that reads the session row rotates, whatever the client sends", () => {
  it("a stolen session cookie plus the thief's own dont_remember cookie still rotates", async () => {
    const email = "skip-dont-remember@example.com";
    const copy = stolenCopy(await createVerifiedUser(email));
    copy.cookies.set(DONT_REMEMBER, await ownDontRememberCookie());
    const before = await tokenOf(email);
    const res = await callAuth("/get-session", { jar: copy });
    expect((await res.json())?.user.email).toBe(email);
    expect(await tokenOf(email)).not.toBe(before);
    expect(rawToken(copy.cookies.get(SESSION))).toBe(await tokenOf(email));
  });

  it("?disableRefresh=true still rotates", async () => {
    const email = "skip-disable-refresh@example.com";
    const copy = stolenCopy(await createVerifiedUser(email));
    const before = await tokenOf(email);
    const res = await callAuth("/get-session?disableRefresh=true", { jar: copy });
    expect((await res.json())?.user.email).toBe(email);
    expect(await tokenOf(email)).not.toBe(before);
  });

  it("?disableCookieCache=true reads the row, so it rotates even with a valid access cookie", async () => {
    const email = "skip-disable-cache@example.com";
    const jar = await createVerifiedUser(email);
    const before = await tokenOf(email);
    await callAuth("/get-session?disableCookieCache=true", { jar });
    expect(await tokenOf(email)).not.toBe(before);
  });

  it("a valid access cookie for the same token answers without reading the row: no rotation", async () => {
    const email = "skip-cached@example.com";
    const jar = await createVerifiedUser(email);
    const before = await tokenOf(email);
    const res = await callAuth("/get-session", { jar });
    expect((await res.json())?.user.email).toBe(email);
    expect(await tokenOf(email)).toBe(before);
  });

  it("'Remember me' off: the renewal rotates, keeps a browser-session cookie and gives an access cookie again", async () => {
    const email = "skip-short@example.com";
    await createVerifiedUser(email);
    const jar = new CookieJar();
    await callAuth("/sign-in/email", {
      method: "POST",
      jar,
      json: { email, password: PASSWORD, rememberMe: false },
    });
    jar.cookies.delete(ACCESS); // its 5 minutes are over
    const id = await sessionIdOf(jar);
    const before = await tokenOf(email, id);
    const renewal = await callAuth("/get-session", { jar });
    expect(await tokenOf(email, id)).not.toBe(before);
    const sessionLine = setCookieLine(renewal, SESSION) ?? "";
    expect(rawToken(sessionLine.split(";")[0]?.split("=")[1])).toBe(await tokenOf(email, id));
    expect(sessionLine).not.toMatch(/max-age|expires/i);
    const accessLine = setCookieLine(renewal, ACCESS) ?? "";
    expect(Number(/max-age=(\d+)/i.exec(accessLine)?.[1])).toBeGreaterThan(0);
    expect(Number(/max-age=(\d+)/i.exec(accessLine)?.[1])).toBeLessThanOrEqual(300);

    // The next page load is answered from the access cookie: no renewal, no database read.
    const after = await tokenOf(email, id);
    await callAuth("/get-session", { jar });
    expect(await tokenOf(email, id)).toBe(after);
  });
});

describe("no other endpoint is a renewal that skips rotation", () => {
  it.each([
    ["/update-user", { method: "POST", json: { name: "Same Name" } }],
    ["/list-accounts", {}],
    ["/send-verification-email", { method: "POST", json: { email: "ignored@example.com" } }],
  ] as const)(
    "%s with a stolen session cookie hands out no fresh access cookie",
    async (path, init) => {
      const email = `renew${path.replaceAll("/", "-")}@example.com`;
      const copy = stolenCopy(await createVerifiedUser(email));
      const res = await callAuth(path, {
        ...init,
        json: "json" in init ? init.json : undefined,
        jar: copy,
      });
      expect(res.status).toBeLessThan(500);
      const access = setCookieLine(res, ACCESS);
      if (access) expect(access).toMatch(/max-age=0/i);
      expect(copy.cookies.has(ACCESS)).toBe(false);
    },
  );
});
