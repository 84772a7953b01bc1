import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth } from "@/test/http";
import {
  authorize,
  callback,
  signInWithProvider,
  startSignIn,
  withTestProvider,
} from "@/test/oauth/flow";
import { settleBackgroundTasks } from "@/test/process-state";

withTestDatabase();
const provider = withTestProvider();

/** Everything the server printed while the test ran. */
let printed: string[] = [];
beforeEach(() => {
  printed = [];
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      printed.push(
        args
          .map((arg) =>
            arg instanceof Error
              ? `${arg.message} ${arg.stack}`
              : typeof arg === "string"
                ? arg
                : JSON.stringify(arg),
          )
          .join(" "),
      );
    });
  }
});
afterEach(() => vi.restoreAllMocks());

/** What a browser and page script could see of an answer: its headers (cookies too) and body. */
const visible = async (response: Response) =>
  `${JSON.stringify([...response.headers])}${await response.clone().text()}`;

describe("provider tokens never leave the provider's answer", () => {
  it("are not stored, printed, or sent to the browser after a sign-in", async () => {
    provider().signInAs({ sub: "tokens-1", email: "tokens@example.com", email_verified: true });
    const jar = new CookieJar();
    const answers = [await signInWithProvider(jar)];
    answers.push(await callAuth("/get-session", { jar }));
    answers.push(await callAuth("/list-accounts", { jar }));
    answers.push(
      await callAuth("/get-access-token", { method: "POST", jar, json: { providerId: "oidc" } }),
    );
    answers.push(
      await callAuth("/refresh-token", { method: "POST", jar, json: { providerId: "oidc" } }),
    );
    answers.push(await callAuth("/account-info", { jar }));
    await settleBackgroundTasks();

    const tokens = provider().issuedTokens;
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    const seen = (await Promise.all(answers.map(visible))).join("\n") + printed.join("\n");
    const rows = JSON.stringify(await db().selectFrom("account").selectAll().execute());
    for (const token of tokens) {
      expect(seen).not.toContain(token);
      expect(rows).not.toContain(token);
    }
  });

  it("are not printed when a sign-in fails after the exchange (a refused identity)", async () => {
    provider().signInAs({
      sub: "tokens-2",
      email: "unverified.tokens@example.com",
      email_verified: false,
    });
    const jar = new CookieJar();
    const answer = await callback(await authorize(await startSignIn(jar)), jar);
    await settleBackgroundTasks();
    const seen = (await visible(answer)) + printed.join("\n");
    const tokens = provider().issuedTokens.slice(-3);
    expect(tokens.length).toBe(3);
    for (const token of tokens) expect(seen).not.toContain(token);
  });
});
