import { beforeAll, describe, expect, it } from "vitest";
import { GET as sessionEnded } from "@/app/session-ended/route";
import { auth } from "@/lib/auth";
import { safeNextPath } from "@/lib/http/safe-next-path";
import { withTestDatabase } from "@/test/database";
import {
  BASE_URL,
  type CookieJar,
  callAuth,
  createVerifiedUser,
  firstLink,
  latestEmailTo,
  request,
} from "@/test/http";

const getDb = withTestDatabase();
const PASSWORD = "correct horse battery";
const USER = "redirected@example.com";

/** Ways to name another site where a path is expected: absolute, protocol-relative, backslash, scheme tricks, encodings. */
const OFF_SITE = [
  "https://evil.example",
  "HTTPS://EVIL.EXAMPLE/todos",
  "//evil.example",
  "///evil.example",
  " //evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\t/evil.example",
  "/%2F%2Fevil.example",
  "%2F%2Fevil.example",
  "/%5Cevil.example",
  "https:evil.example",
  "http:/evil.example",
  "javascript:alert(document.cookie)",
  "JavaScript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "http://localhost:3000@evil.example",
  "http://localhost:3000.evil.example",
  "http://evil.example\\@localhost:3000",
];

/** A Location stays on this site when, resolved as a browser would, its origin is ours. */
function expectOnSite(location: string | null, label: string) {
  if (location === null) return;
  const resolved = new URL(location, BASE_URL);
  expect(resolved.origin, `${label} -> ${location}`).toBe(BASE_URL);
  expect(resolved.protocol, label).toBe("http:");
}

const outboxSize = async () => (await getDb().selectFrom("outbox").select("id").execute()).length;

let jar: CookieJar;
beforeAll(async () => {
  jar = await createVerifiedUser(USER);
});

describe("?next= (sign-in and /session-ended)", () => {
  it("safeNextPath, which the sign-in page and action use, turns every off-site value into /todos", () => {
    for (const next of OFF_SITE) {
      const path = safeNextPath(next);
      expectOnSite(path, next);
      expect(path.startsWith("/") && !path.startsWith("//"), next).toBe(true);
    }
  });

  it("/session-ended redirects to sign-in on this site, carrying only an on-site next", () => {
    for (const next of OFF_SITE) {
      const res = sessionEnded(
        new Request(`${BASE_URL}/session-ended?next=${encodeURIComponent(next)}`),
      );
      const location = res.headers.get("location");
      expectOnSite(location, next);
      const carried = new URL(location ?? "", BASE_URL).searchParams.get("next");
      expectOnSite(carried, `next=${next}`);
      expect(carried?.startsWith("/") && !carried.startsWith("//"), next).toBe(true);
    }
  });
});

describe("callbackURL and redirectTo on Better Auth routes", () => {
  const posts: [string, (target: string) => Record<string, unknown>, boolean][] = [
    [
      "/sign-up/email",
      (target) => ({
        name: "R",
        email: "someone.new@example.com",
        password: PASSWORD,
        callbackURL: target,
      }),
      false,
    ],
    [
      "/sign-in/email",
      (target) => ({ email: USER, password: PASSWORD, callbackURL: target }),
      false,
    ],
    ["/send-verification-email", (target) => ({ email: USER, callbackURL: target }), false],
    ["/request-password-reset", (target) => ({ email: USER, redirectTo: target }), false],
    ["/change-email", (target) => ({ newEmail: "moved@example.com", callbackURL: target }), true],
  ];

  for (const [path, body, signedIn] of posts) {
    it(`refuses an off-site target on POST ${path}, sending no email and setting no cookie`, async () => {
      for (const target of OFF_SITE) {
        const mails = await outboxSize();
        const res = await callAuth(path, {
          method: "POST",
          json: body(target),
          ...(signedIn && { jar }),
        });
        expect(res.status, `${path} ${target}`).toBe(403);
        expect(res.headers.getSetCookie()).toEqual([]);
        expect(await outboxSize(), `${path} ${target}`).toBe(mails);
      }
    });
  }

  it("refuses an off-site callbackURL on the emailed verify and reset links (GET), redirecting nowhere", async () => {
    for (const target of OFF_SITE) {
      for (const path of [
        `/api/auth/verify-email?token=whatever&callbackURL=${encodeURIComponent(target)}`,
        `/api/auth/reset-password/whatever?callbackURL=${encodeURIComponent(target)}`,
      ]) {
        const res = await auth().handler(await request(path));
        // 403 from Better Auth's origin check, or 400 from ours for a target that is no URL at all.
        expect([400, 403], path).toContain(res.status);
        expect(res.headers.get("location")).toBeNull();
      }
    }
  });

  it("puts only this site's URLs in the verification and reset emails, and their redirects stay here", async () => {
    const email = "links@example.com";
    await callAuth("/sign-up/email", {
      method: "POST",
      json: { name: "L", email, password: PASSWORD, callbackURL: "/verify-email?from=link" },
    });
    const verifyLink = firstLink((await latestEmailTo(email))?.text ?? "");
    expectOnSite(verifyLink, "verification link");
    const verified = await auth().handler(
      await request(new URL(verifyLink).pathname + new URL(verifyLink).search),
    );
    expectOnSite(verified.headers.get("location"), "after verification");

    await callAuth("/request-password-reset", {
      method: "POST",
      json: { email, redirectTo: "/reset-password" },
    });
    const resetLink = firstLink((await latestEmailTo(email))?.text ?? "");
    expectOnSite(resetLink, "reset link");
    const reset = await auth().handler(
      await request(new URL(resetLink).pathname + new URL(resetLink).search),
    );
    expect(new URL(reset.headers.get("location") ?? "", BASE_URL).pathname).toBe("/reset-password");
    expectOnSite(reset.headers.get("location"), "after reset link");
  });
});
