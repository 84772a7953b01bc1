import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser, latestEmailTo } from "@/test/http";
import { withRateLimitBackend } from "@/test/rate-limit-backend";
import { softwarePasskey } from "@/test/webauthn";

const getDb = withTestDatabase();
withRateLimitBackend();

const userId = async (email: string) =>
  (
    await getDb()
      .selectFrom("user")
      .select("id")
      .where("email", "=", email)
      .executeTakeFirstOrThrow()
  ).id;

/** A stored passkey row (the WebAuthn ceremony itself is covered by e2e/factors.spec.ts). */
async function storedPasskey(email: string, name: string) {
  const id = crypto.randomUUID();
  await getDb()
    .insertInto("passkey")
    .values({
      id,
      name,
      userId: await userId(email),
      publicKey: "cHVibGljLWtleQ",
      credentialID: `cred-${id}`,
      counter: 0,
      deviceType: "singleDevice",
      backedUp: false,
    })
    .execute();
  return id;
}

const staleStepUp = () =>
  getDb().updateTable("session").set({ verifiedAt: sql`now() - interval '16 minutes'` }).execute();

const remove = (jar: CookieJar, id: string) =>
  callAuth("/passkey/delete-passkey", { method: "POST", jar, json: { id } });

const rename = (jar: CookieJar, id: string, name: string) =>
  callAuth("/passkey/update-passkey", { method: "POST", jar, json: { id, name } });

const passkeyName = async (id: string) =>
  (await getDb().selectFrom("passkey").select("name").where("id", "=", id).executeTakeFirst())
    ?.name;

describe("passkey changes", () => {
  it("adding or removing one needs a step-up from the last 15 minutes", async () => {
    const email = "stale@example.com";
    const jar = await createVerifiedUser(email);
    const id = await storedPasskey(email, "Phone");
    await staleStepUp();
    const options = await callAuth("/passkey/generate-register-options", { jar });
    expect(options.status).toBe(403);
    expect((await options.json()).code).toBe("SESSION_NOT_FRESH");
    const registration = await callAuth("/passkey/verify-registration", {
      method: "POST",
      jar,
      json: { response: {} },
    });
    expect(registration.status).toBe(403);
    const removed = await remove(jar, id);
    expect(removed.status).toBe(403);
    expect(
      await getDb().selectFrom("passkey").select("id").where("id", "=", id).execute(),
    ).toHaveLength(1);

    // Any factor renews it: here the password.
    const proof = await callAuth("/verify-password", {
      method: "POST",
      jar,
      json: { password: "correct horse battery" },
    });
    expect(proof.status).toBe(200);
    expect((await callAuth("/passkey/generate-register-options", { jar })).status).toBe(200);
    expect((await remove(jar, id)).status).toBe(200);
    expect((await latestEmailTo(email))?.subject).toBe("Todos: a passkey was removed");
  });

  it("a device signed in for weeks adds one after a step-up (Better Auth's one-day freshness is off)", async () => {
    const jar = await createVerifiedUser("weeks@example.com");
    await getDb()
      .updateTable("session")
      .set({ createdAt: sql`now() - interval '20 days'`, verifiedAt: sql`now()` })
      .where("userId", "in", (q) =>
        q.selectFrom("user").select("id").where("email", "=", "weeks@example.com"),
      )
      .execute();
    expect((await callAuth("/passkey/generate-register-options", { jar })).status).toBe(200);
  });

  it("renaming needs no step-up; another account's passkey can be neither renamed nor removed", async () => {
    const owner = "owner@example.com";
    const ownerJar = await createVerifiedUser(owner);
    const id = await storedPasskey(owner, "Owner's key");
    const other = await createVerifiedUser("other@example.com");
    await staleStepUp();
    const renamed = await rename(ownerJar, id, "Work laptop");
    expect(renamed.status).toBe(200);
    expect(await passkeyName(id)).toBe("Work laptop");

    // A stranger with a fresh step-up, so only ownership can stop them.
    expect(
      (
        await callAuth("/verify-password", {
          method: "POST",
          jar: other,
          json: { password: "correct horse battery" },
        })
      ).status,
    ).toBe(200);
    const stolen = await rename(other, id, "mine now");
    expect(stolen.status).toBe(401);
    expect(((await stolen.json()) as { code: string }).code).toBe(
      "YOU_ARE_NOT_ALLOWED_TO_REGISTER_THIS_PASSKEY",
    );
    // Better Auth answers a stranger's removal with a bare 401 (no forbiddenError configured).
    expect((await remove(other, id)).status).toBe(401);
    expect(await passkeyName(id)).toBe("Work laptop");
  });

  it("refuses to remove the last way to sign in of an account without a password", async () => {
    const email = "passkey-only@example.com";
    const jar = await createVerifiedUser(email);
    const first = await storedPasskey(email, "Laptop");
    const second = await storedPasskey(email, "Phone");
    await getDb()
      .updateTable("account")
      .set({ password: null })
      .where("userId", "=", await userId(email))
      .execute();
    expect((await remove(jar, first)).status).toBe(200);
    const last = await remove(jar, second);
    expect(last.status).toBe(400);
    expect((await last.json()).code).toBe("LAST_SIGN_IN_FACTOR");
    expect(
      await getDb().selectFrom("passkey").select("id").where("id", "=", second).execute(),
    ).toHaveLength(1);
  });

  it("lists the passkey by its name through Better Auth's API too", async () => {
    const email = "lister@example.com";
    const jar = await createVerifiedUser(email);
    await storedPasskey(email, "Desk");
    const res = await callAuth("/passkey/list-user-passkeys", { jar });
    expect(res.status).toBe(200);
    const [listed] = (await res.json()) as Record<string, unknown>[];
    expect(listed?.name).toBe("Desk");
  });
});

describe("passkey ceremonies over HTTP (a software authenticator)", () => {
  const ORIGIN = "http://localhost:3000";

  async function register(jar: CookieJar, name: string) {
    const key = softwarePasskey("localhost");
    const options = await callAuth("/passkey/generate-register-options", { jar });
    expect(options.status).toBe(200);
    const res = await callAuth("/passkey/verify-registration", {
      method: "POST",
      jar,
      json: { response: key.register(await options.json(), ORIGIN), name },
    });
    expect(res.status).toBe(200);
    return key;
  }

  async function authenticate(
    jar: CookieJar,
    key: ReturnType<typeof softwarePasskey>,
    origin = ORIGIN,
    header = origin,
  ) {
    const options = await callAuth("/passkey/generate-authenticate-options", { jar });
    return callAuth("/passkey/verify-authentication", {
      method: "POST",
      jar,
      headers: { origin: header },
      json: { response: key.authenticate(await options.json(), origin) },
    });
  }

  it("registers a passkey, signs in with it (fresh, last used noted) and mails the owner", async () => {
    const email = "ceremony@example.com";
    const key = await register(await createVerifiedUser(email), "Laptop");
    expect((await latestEmailTo(email))?.subject).toBe("Todos: a passkey was added");
    const jar = new CookieJar();
    const res = await authenticate(jar, key);
    expect(res.status).toBe(200);
    expect(jar.cookies.has("better-auth.session_token")).toBe(true);
    const row = await getDb()
      .selectFrom("passkey")
      .select(["lastUsedAt", "name"])
      .where("credentialID", "=", key.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: "Laptop", lastUsedAt: expect.any(Date) });
    // A passkey sign-in counts as a step-up.
    expect(
      (
        await callAuth("/change-email", {
          method: "POST",
          jar,
          json: { newEmail: "moved-by-passkey@example.com" },
        })
      ).status,
    ).toBe(200);
  });

  it("a passkey step-up on a stale session gives a fresh one and ends the stale one", async () => {
    const email = "passkey-step-up@example.com";
    const jar = await createVerifiedUser(email);
    const key = await register(jar, "Phone");
    await staleStepUp();
    expect((await callAuth("/passkey/generate-register-options", { jar })).status).toBe(403);
    const ids = () =>
      getDb()
        .selectFrom("session")
        .select("id")
        .where("userId", "in", (q) => q.selectFrom("user").select("id").where("email", "=", email))
        .execute();
    const [stale] = await ids();
    expect((await authenticate(jar, key)).status).toBe(200);
    const after = await ids();
    expect(after).toHaveLength(1);
    expect(after[0]?.id).not.toBe(stale?.id);
    expect((await callAuth("/passkey/generate-register-options", { jar })).status).toBe(200);
  });

  it("refuses an assertion made for another origin, whatever Origin header comes with it", async () => {
    const email = "phished@example.com";
    const key = await register(await createVerifiedUser(email), "Key");
    for (const header of ["http://evil.example", ORIGIN]) {
      const jar = new CookieJar();
      const res = await authenticate(jar, key, "http://evil.example", header);
      expect(res.status, header).toBeGreaterThanOrEqual(400);
      expect(jar.cookies.has("better-auth.session_token")).toBe(false);
    }
  });
});

describe("the challenge endpoints", () => {
  it("are limited like their ceremony (each GET stores a challenge)", async () => {
    const { limitsFor } = await import("@/lib/edge/ip-limits");
    const { authEndpointOperation } = await import("@/lib/rate-limit/operations");
    const get = (path: string) =>
      new Request(`http://localhost:3000/api/auth${path}`, {
        headers: { "x-real-ip": "203.0.113.9" },
      });
    expect(limitsFor(get("/passkey/generate-authenticate-options"))?.operation).toBe(
      "passkeySignIn",
    );
    // Per user, counted in Node once the session is known (lib/auth/user-limits.ts).
    expect(authEndpointOperation("/passkey/generate-register-options", "GET")).toBe("accountWrite");
  });
});
