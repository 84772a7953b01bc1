import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser } from "@/test/http";

const getDb = withTestDatabase();

function copyOf(jar: CookieJar): CookieJar {
  const copy = new CookieJar();
  for (const [name, value] of jar.cookies) copy.cookies.set(name, value);
  return copy;
}

async function nameOf(email: string) {
  const row = await getDb()
    .selectFrom("user")
    .select("name")
    .where("email", "=", email)
    .executeTakeFirstOrThrow();
  return row.name;
}

describe("a cookie pair copied before sign-out is dead after it, access cookie included", () => {
  it("update-user answers 401 and changes nothing", async () => {
    const email = "copied-pair@example.com";
    const jar = await createVerifiedUser(email);
    const copy = copyOf(jar);
    expect(copy.cookies.has("better-auth.session_data")).toBe(true);
    const signOut = await callAuth("/sign-out", { method: "POST", jar, json: {} });
    expect(signOut.status).toBe(200);

    const res = await callAuth("/update-user", {
      method: "POST",
      jar: copy,
      json: { name: "Renamed by a thief" },
    });
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe("UNAUTHORIZED");
    expect(await nameOf(email)).toBe("Test User");
  });

  it.each([
    ["/token", {}],
    ["/list-accounts", {}],
    ["/verify-password", { method: "POST", json: { password: "correct horse battery" } }],
  ] as const)("%s answers as to a signed-out client", async (path, init) => {
    const email = `copied${path.replaceAll("/", "-")}@example.com`;
    const jar = await createVerifiedUser(email);
    const copy = copyOf(jar);
    await callAuth("/sign-out", { method: "POST", jar, json: {} });
    const res = await callAuth(path, {
      ...init,
      json: "json" in init ? init.json : undefined,
      jar: copy,
    });
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie().some((line) => /session_data=[^;]/.test(line))).toBe(false);
  });
});
