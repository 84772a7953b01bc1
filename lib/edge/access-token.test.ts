import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { withTestDatabase } from "@/test/database";
import { type CookieJar, createVerifiedUser } from "@/test/http";
import { forgetAuth, forgetEnv, forgetVerifiedAccessTokens } from "@/test/process-state";
import { readAccessToken } from "./access-token";

withTestDatabase();
const ACCESS = "better-auth.session_data";
const SESSION = "better-auth.session_token";
let jar: CookieJar;
let other: CookieJar;

beforeAll(async () => {
  jar = await createVerifiedUser("ava@example.com");
  other = await createVerifiedUser("leo@example.com");
});

afterEach(() => {
  vi.useRealTimers();
  forgetVerifiedAccessTokens();
});

afterAll(() => {
  process.env.BETTER_AUTH_SECRET = "test-secret-that-is-at-least-32-characters-long";
  forgetEnv();
  forgetAuth();
});

const cookieOf = (from: CookieJar, access = from.cookies.get(ACCESS)) =>
  `${ACCESS}=${access}; ${SESSION}=${from.cookies.get(SESSION)}`;
const read = (cookie: string) =>
  readAccessToken(new Request("http://localhost:3000/todos", { headers: { cookie } }));

describe("readAccessToken", () => {
  it("decrypts a device's access JWT once, then answers its next requests from memory", async () => {
    const first = await read(cookieOf(jar));
    expect(first?.user.email).toBe("ava@example.com");
    expect(await read(cookieOf(jar))).toBe(first);
    // Another device's cookies are their own entry.
    expect((await read(cookieOf(other)))?.user.email).toBe("leo@example.com");
  });

  it("stops accepting a remembered access JWT the moment it expires", async () => {
    const claims = await read(cookieOf(jar));
    const exp = (claims as { exp?: number } | null)?.exp;
    expect(exp).toBeTypeOf("number");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime((exp ?? 0) * 1000 + 60_000);
    expect(await read(cookieOf(jar))).toBeNull();
  });

  it("never lets a remembered cookie vouch for a changed one", async () => {
    await read(cookieOf(jar));
    const access = jar.cookies.get(ACCESS) ?? "";
    const flipped = `${access.slice(0, -3)}${access.at(-3) === "A" ? "B" : "A"}${access.slice(-2)}`;
    expect(await read(cookieOf(jar, flipped))).toBeNull();
    expect(await read(`${cookieOf(jar)}; extra=1`)).not.toBeNull();
  });

  it("forgets what it verified under another secret", async () => {
    const cookie = cookieOf(jar);
    expect(await read(cookie)).not.toBeNull();
    process.env.BETTER_AUTH_SECRET = "another-secret-that-is-at-least-32-characters";
    forgetEnv();
    expect(await read(cookie)).toBeNull();
    process.env.BETTER_AUTH_SECRET = "test-secret-that-is-at-least-32-characters-long";
    forgetEnv();
    expect(await read(cookie)).not.toBeNull();
  });

  it("keeps at most 1,000 devices, dropping the oldest first", async () => {
    const first = await read(cookieOf(jar));
    // The same access JWT under 1,000 other cookie headers pushes the first entry out.
    for (let i = 0; i < 1000; i += 1) await read(`${cookieOf(other)}; n=${i}`);
    const again = await read(cookieOf(jar));
    expect(again).not.toBe(first);
    expect(again?.user.email).toBe("ava@example.com");
  });

  it("answers null, not an error, for no cookie, garbage, or a missing access cookie", async () => {
    expect(await read("")).toBeNull();
    expect(await read(`${ACCESS}=garbage`)).toBeNull();
    expect(await read(`${SESSION}=${jar.cookies.get(SESSION)}`)).toBeNull();
  });
});
