import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { callAuth, createVerifiedUser, latestEmailTo } from "@/test/http";

const getDb = withTestDatabase();

/** Measured in the issue: a 9 MB image, read back by every get-session. 1 MB proves the same. */
const HUGE_IMAGE = `https://example.com/${"a".repeat(1_000_000)}.png`;
const PASSWORD = "a good long passphrase";

async function userRow(email: string) {
  return getDb()
    .selectFrom("user")
    .select(["id", "image"])
    .where("email", "=", email)
    .executeTakeFirst();
}

function signUp(email: string, image: string, encoding: "json" | "urlencoded" | "multipart") {
  const fields = { name: "Huge Image", email, password: PASSWORD, image };
  if (encoding === "json") return callAuth("/sign-up/email", { method: "POST", json: fields });
  if (encoding === "urlencoded")
    return callAuth("/sign-up/email", {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  return callAuth("/sign-up/email", { method: "POST", body: form });
}

describe("an oversized or non-https image is refused before anything is stored", () => {
  it.each(["json", "urlencoded"] as const)(
    "sign-up with a 1 MB image (%s) answers 400 INVALID_IMAGE and creates nobody",
    async (encoding) => {
      const email = `huge-${encoding}@example.com`;
      const res = await signUp(email, HUGE_IMAGE, encoding);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.code).toBe("INVALID_IMAGE");
      expect(body.message).toMatch(/at most 2048 characters/);
      expect(await userRow(email)).toBeUndefined();
      expect(await latestEmailTo(email)).toBeUndefined();
    },
  );

  it("sign-up as multipart (which Better Auth does not accept) creates nobody", async () => {
    const email = "huge-multipart@example.com";
    const res = await signUp(email, HUGE_IMAGE, "multipart");
    expect(res.status).toBe(415);
    expect(await userRow(email)).toBeUndefined();
  });

  it("sign-up with a non-https image answers 400 and creates nobody", async () => {
    const email = "http-image@example.com";
    const res = await signUp(email, "http://example.com/me.png", "json");
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("INVALID_IMAGE");
    expect(await userRow(email)).toBeUndefined();
  });

  it("update-user with a 1 MB image answers 400 INVALID_IMAGE and keeps the image as it was", async () => {
    const email = "update-huge@example.com";
    const jar = await createVerifiedUser(email);
    const res = await callAuth("/update-user", {
      method: "POST",
      jar,
      json: { image: HUGE_IMAGE },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("INVALID_IMAGE");
    expect((await userRow(email))?.image).toBeNull();
  });

  it("update-user refuses the image in every other encoding, storing nothing", async () => {
    const email = "update-encodings@example.com";
    const jar = await createVerifiedUser(email);
    const form = new FormData();
    form.set("image", HUGE_IMAGE);
    const urlencoded = await callAuth("/update-user", {
      method: "POST",
      jar,
      body: new URLSearchParams({ image: HUGE_IMAGE }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const multipart = await callAuth("/update-user", { method: "POST", jar, body: form });
    expect([urlencoded.status, multipart.status]).toEqual([415, 415]);
    expect((await userRow(email))?.image).toBeNull();
  });

  it.each([
    "http://example.com/me.png",
    "javascript:alert(1)",
    "data:image/png;base64,AAAA",
    "/me.png",
    "",
    42,
  ])("update-user refuses the image %j, keeping the one it had", async (image) => {
    const email = `update-bad-${String(image).length}-${typeof image}@example.com`;
    const jar = await createVerifiedUser(email);
    const good = "https://example.com/me.png";
    expect(
      (await callAuth("/update-user", { method: "POST", jar, json: { image: good } })).status,
    ).toBe(200);
    const res = await callAuth("/update-user", { method: "POST", jar, json: { image } });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("INVALID_IMAGE");
    expect((await userRow(email))?.image).toBe(good);
  });

  it("update-user still takes a short https image, and null clears it", async () => {
    const email = "update-good@example.com";
    const jar = await createVerifiedUser(email);
    const image = "https://cdn.example.com/avatars/me.png";
    expect((await callAuth("/update-user", { method: "POST", jar, json: { image } })).status).toBe(
      200,
    );
    expect((await userRow(email))?.image).toBe(image);
    const cleared = await callAuth("/update-user", { method: "POST", jar, json: { image: null } });
    expect(cleared.status).toBe(200);
    expect((await userRow(email))?.image).toBeNull();
  });
});

describe("other stored strings past their bound are refused, storing and mailing nothing", () => {
  it("a 300-character address at sign-up (json and urlencoded)", async () => {
    const email = `${"a".repeat(290)}@example.com`;
    for (const body of [
      { json: { name: "Long", email, password: PASSWORD } },
      {
        body: new URLSearchParams({ name: "Long", email, password: PASSWORD }),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      },
    ]) {
      const res = await callAuth("/sign-up/email", { method: "POST", ...body });
      expect(res.status).toBe(400);
      expect((await res.json()).code).toBe("INVALID_EMAIL");
    }
    expect(await userRow(email)).toBeUndefined();
  });

  it("a 300-character new address at change-email", async () => {
    const email = "change-long@example.com";
    const jar = await createVerifiedUser(email);
    const newEmail = `${"b".repeat(290)}@example.com`;
    const res = await callAuth("/change-email", { method: "POST", jar, json: { newEmail } });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("INVALID_EMAIL");
    expect(await latestEmailTo(newEmail)).toBeUndefined();
    expect(await userRow(email)).toBeDefined();
  });

  it("a 100,000-character callbackURL mailed in a verification link", async () => {
    const email = "long-callback@example.com";
    const res = await callAuth("/sign-up/email", {
      method: "POST",
      json: { name: "Long", email, password: PASSWORD, callbackURL: `/${"c".repeat(100_000)}` },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("INVALID_REDIRECT");
    expect(await userRow(email)).toBeUndefined();
    expect(await latestEmailTo(email)).toBeUndefined();
  });
});

describe("structured input too deep to measure", () => {
  it("a WebAuthn response nested 200,000 levels deep answers 400, not 500", async () => {
    const depth = 200_000;
    const res = await callAuth("/passkey/verify-registration", {
      method: "POST",
      body: `{"response":${"[".repeat(depth)}${"]".repeat(depth)}}`,
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("FIELD_TOO_LONG");
  });
});
