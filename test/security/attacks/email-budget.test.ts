import { describe, expect, it } from "vitest";
import { reportNotMe } from "@/lib/activity/not-me";
import { RULES } from "@/lib/rate-limit/rules";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, firstLink, latestEmailTo } from "@/test/http";
import { settleBackgroundTasks } from "@/test/process-state";
import { withRateLimitBackend } from "@/test/rate-limit-backend";

const getDb = withTestDatabase();
withRateLimitBackend();

const PASSWORD = "correct horse battery";
const SESSION = "better-auth.session_token";
const LIMIT = RULES.emailPerAddress.limit;
let ipCounter = 0;
const strangerIp = () => `203.0.113.${++ipCounter}`;

/** The owner signs up and opens the link in one browser at `ip`: a known device and address. */
async function ownerAt(email: string, ip: string): Promise<CookieJar> {
  const jar = new CookieJar();
  const headers = { "x-real-ip": ip };
  await callAuth("/sign-up/email", {
    method: "POST",
    jar,
    headers,
    json: { name: "Owner", email, password: PASSWORD, callbackURL: "/todos" },
  });
  const link = new URL(firstLink((await latestEmailTo(email))?.text ?? ""));
  await callAuth(link.pathname.replace("/api/auth", "") + link.search, { jar, headers });
  expect(jar.cookies.has(SESSION)).toBe(true);
  return jar;
}

const askReset = (email: string, ip: string, jar?: CookieJar) =>
  callAuth("/request-password-reset", {
    method: "POST",
    jar,
    headers: { "x-real-ip": ip },
    json: { email, redirectTo: "/reset-password" },
  });

/** Strangers, each from an address of their own, ask for resets until the address's budget is spent. */
async function strangersSpendBudget(email: string): Promise<Response> {
  for (;;) {
    const res = await askReset(email, strangerIp());
    if (res.status === 429) return res;
    expect(res.status).toBe(200);
  }
}

async function resetMailsTo(email: string): Promise<number> {
  await settleBackgroundTasks();
  const rows = await getDb()
    .selectFrom("outbox")
    .select("subject")
    .where("to", "=", email)
    .execute();
  return rows.filter((row) => /reset/i.test(row.subject)).length;
}

describe("strangers cannot spend an address owner's email budget", () => {
  it("after strangers spend the budget, the owner still gets a reset mail from a device, and from an address, that signed in before", async () => {
    const email = "budget-owner-1@example.com";
    const device = await ownerAt(email, "198.51.100.10");
    // The verification mail counted too: strangers need only LIMIT - 1 resets.
    const refused = await strangersSpendBudget(email);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
    const before = await resetMailsTo(email);
    expect(before).toBe(LIMIT - 1);

    const fromDevice = await askReset(email, "192.0.2.77", device);
    expect(fromDevice.status).toBe(200);
    const fromAddress = await askReset(email, "198.51.100.10");
    expect(fromAddress.status).toBe(200);
    expect(await resetMailsTo(email)).toBe(before + 2);

    // A stranger is still refused.
    expect((await askReset(email, strangerIp())).status).toBe(429);
  });

  it("a known device's own budget is a budget: it meets 429 after its own share", async () => {
    const email = "budget-owner-2@example.com";
    const device = await ownerAt(email, "198.51.100.20");
    await strangersSpendBudget(email);
    for (let i = 0; i < LIMIT; i++)
      expect((await askReset(email, "192.0.2.78", device)).status).toBe(200);
    expect((await askReset(email, "192.0.2.78", device)).status).toBe(429);
  });

  it("a stranger meets the same refusal for an address with an account and one without", async () => {
    await ownerAt("budget-owner-3@example.com", "198.51.100.30");
    const known = await strangersSpendBudget("budget-owner-3@example.com");
    for (let i = 0; i < LIMIT; i++) await askReset("nobody-3@example.com", strangerIp());
    const unknown = await askReset("nobody-3@example.com", strangerIp());
    // The same answer but for the seconds left, which depend on when each budget started.
    const shape = async (res: Response) => ({
      status: res.status,
      body: (await res.text()).replace(/\d+/g, "N"),
    });
    expect(await shape(unknown)).toEqual(await shape(known));
  });

  it("'This wasn't me' sends its reset mail even when the address's and the device's budgets are spent", async () => {
    const email = "budget-owner-4@example.com";
    const device = await ownerAt(email, "198.51.100.40");
    await strangersSpendBudget(email);
    while ((await askReset(email, "198.51.100.40", device)).status === 200);
    const before = await resetMailsTo(email);

    const token = decodeURIComponent(device.cookies.get(SESSION) ?? "").split(".")[0] ?? "";
    const session = await getDb()
      .selectFrom("session")
      .select(["id", "userId"])
      .where("token", "=", token)
      .executeTakeFirstOrThrow();
    const result = await reportNotMe(
      { userId: session.userId, sessionId: session.id },
      undefined,
      new Headers({ "x-real-ip": "198.51.100.40", cookie: device.header() }),
    );
    expect(result).toEqual({ emailed: true });
    expect(await resetMailsTo(email)).toBe(before + 1);
  });
});
