import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { POST as createTodo, GET as listTodos } from "@/app/api/todos/route";
import { auth } from "@/lib/auth";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, firstLink, latestEmailTo, request } from "@/test/http";
import { captureOutput } from "./capture-output";
import { leakedSecrets } from "./secret-forms";

const database = withTestDatabase();
const noParams = { params: Promise.resolve({}) };

let output: ReturnType<typeof captureOutput>;
/** Every credential the test sees, by label; none may appear in what the server printed. */
let secrets: Map<string, string>;

beforeEach(() => {
  secrets = new Map();
  output = captureOutput();
});
afterEach(() => output.restore());

function remember(label: string, value: string | null | undefined) {
  if (value) secrets.set(label, value);
}

function rememberCookies(label: string, jar: CookieJar) {
  for (const [name, value] of jar.cookies) remember(`${label} cookie ${name}`, value);
}

/** Any token in a link's path or query (verification JWT, reset token). */
function rememberLink(label: string, link: string) {
  const url = new URL(link);
  remember(`${label} token`, url.searchParams.get("token"));
  const last = url.pathname.split("/").at(-1) ?? "";
  if (last.length >= 16) remember(`${label} path token`, last);
}

async function signUpAndVerify(email: string, password: string) {
  remember("sign-up password", password);
  // The browser that signs up opens the link: only it is signed in by it.
  const jar = new CookieJar();
  const signUp = await callAuth("/sign-up/email", {
    method: "POST",
    jar,
    json: { name: "Log Tester", email, password, callbackURL: "/todos" },
  });
  expect(signUp.status).toBe(200);
  rememberCookies("signed up", jar);
  const link = firstLink((await latestEmailTo(email))?.text ?? "");
  rememberLink("verification", link);
  jar.store(
    await auth().handler(await request(new URL(link).pathname + new URL(link).search, { jar })),
  );
  rememberCookies("verified", jar);
  return jar;
}

async function signIn(email: string, password: string) {
  remember(`sign-in password ${password.length}`, password);
  const jar = new CookieJar();
  const response = await callAuth("/sign-in/email", {
    method: "POST",
    jar,
    json: { email, password },
  });
  rememberCookies("signed-in", jar);
  remember("sign-in set-auth-token", response.headers.get("set-auth-token"));
  return { jar, response };
}

function expectNothingLeaked() {
  const text = output.text();
  expect(leakedSecrets(text, secrets)).toEqual([]);
  // A rejected row of session, account or verification always holds a credential.
  expect(text).not.toMatch(/Failing row contains/i);
  return text;
}

describe("no password, token or cookie value in the server's logs (in-process)", () => {
  it("holds across sign-up, verification, wrong and right sign-in, reset, bearer tokens, revoked sessions and failing requests", async () => {
    const email = "logs@example.com";
    const password = "first secret passphrase 1";
    const newPassword = "second secret passphrase 2";
    const first = await signUpAndVerify(email, password);

    const wrong = await signIn(email, "wrong secret passphrase 3");
    expect(wrong.response.status).toBe(401);
    const right = await signIn(email, password);
    expect(right.response.status).toBe(200);

    // Bearer: trade the session token for an access JWT and use it, then a tampered one.
    const sessionToken = right.jar.cookies.get("better-auth.session_token") ?? "";
    const token = await callAuth("/token", {
      headers: { authorization: `Bearer ${sessionToken}` },
    });
    const jwt = (await token.json()).token as string;
    remember("access JWT", jwt);
    remember("rotated session token", token.headers.get("set-auth-token"));
    expect(
      (
        await listTodos(
          await request("/api/todos", { headers: { authorization: `Bearer ${jwt}` } }),
          noParams,
        )
      ).status,
    ).toBe(200);
    const tampered = `${jwt.slice(0, -4)}AAAA`;
    expect(
      (
        await listTodos(
          await request("/api/todos", { headers: { authorization: `Bearer ${tampered}` } }),
          noParams,
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await listTodos(
          await request("/api/todos", { headers: { authorization: `Bearer ${sessionToken}` } }),
          noParams,
        )
      ).status,
    ).toBe(401);

    // Reset: request, follow, reuse the token (refused).
    await callAuth("/request-password-reset", {
      method: "POST",
      json: { email, redirectTo: "/reset-password" },
    });
    const resetLink = firstLink((await latestEmailTo(email))?.text ?? "");
    rememberLink("reset", resetLink);
    const resetToken = new URL(resetLink).pathname.split("/").at(-1) ?? "";
    remember("new password", newPassword);
    const reset = await callAuth("/reset-password", {
      method: "POST",
      json: { token: resetToken, newPassword },
    });
    expect(reset.status).toBe(200);
    const reused = await callAuth("/reset-password", {
      method: "POST",
      json: { token: resetToken, newPassword: "third secret passphrase 4" },
    });
    remember("reused reset password", "third secret passphrase 4");
    expect(reused.status).toBeGreaterThanOrEqual(400);

    // Revoked sessions: the reset signed every device out; their cookies no longer write.
    for (const jar of [first, right.jar]) {
      const write = await createTodo(
        await request("/api/todos", { method: "POST", jar, json: { title: "x" } }),
        noParams,
      );
      expect(write.status).toBe(401);
    }
    // Failing requests: wrong password and a garbage cookie on every route we call.
    await signIn(email, password);
    const garbage = new CookieJar();
    garbage.cookies.set("better-auth.session_token", "garbage-session-token-value.signature");
    remember("garbage cookie", "garbage-session-token-value.signature");
    expect((await listTodos(await request("/api/todos", { jar: garbage }), noParams)).status).toBe(
      401,
    );

    expectNothingLeaked();
  });

  it("holds when the database fails in the middle of a sign-in and of an API call", async () => {
    const email = "logs-fault@example.com";
    const password = "fault secret passphrase 5";
    const jar = await signUpAndVerify(email, password);
    // Every new session row is refused, as a broken or full database would: Postgres' error then
    // describes the failing row, token and all.
    await sql`alter table session add constraint injected_fault check (false) not valid`.execute(
      database(),
    );
    try {
      const { response } = await signIn(email, password);
      expect(response.status).toBeGreaterThanOrEqual(500);
      // Session lookups fail too: a broken read while checking a cookie.
      await sql`alter table session rename to session_gone`.execute(database());
      try {
        const api = await createTodo(
          await request("/api/todos", { method: "POST", jar, json: { title: "y" } }),
          noParams,
        );
        expect(api.status).toBeGreaterThanOrEqual(500);
        const bearer = await callAuth("/token", {
          headers: { authorization: `Bearer ${jar.cookies.get("better-auth.session_token")}` },
        });
        expect(bearer.status).toBeGreaterThanOrEqual(400);
      } finally {
        await sql`alter table session_gone rename to session`.execute(database());
      }
    } finally {
      await sql`alter table session drop constraint injected_fault`.execute(database());
    }
    const text = expectNothingLeaked();
    // The failures were logged (so the capture works), only without secrets.
    expect(text.length).toBeGreaterThan(0);
  });
});
