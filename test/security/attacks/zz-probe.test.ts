import { describe, expect, it } from "vitest";
import { withTestDatabase } from "@/test/database";
import { CookieJar, callAuth, createVerifiedUser, latestEmailTo } from "@/test/http";
import { GOOGLE_CLIENT_ID, withFakeGoogle } from "@/test/oauth/fake-google";
import { settleBackgroundTasks } from "@/test/process-state";

const getDb = withTestDatabase();
const google = withFakeGoogle();
const post = (path: string, jar: CookieJar, json: Record<string, unknown>) =>
  callAuth(path, { method: "POST", jar, json });

describe("probe", () => {
  it("link-social with idToken: announced?", async () => {
    const email = "probe-link@example.com";
    const jar = await createVerifiedUser(email);
    const before = await latestEmailTo(email);
    expect((await post("/verify-password", jar, { password: "correct horse battery" })).status).toBe(200);
    const token = await google().signIdToken({ aud: GOOGLE_CLIENT_ID, sub: "g-probe", email, email_verified: true });
    const r = await post("/link-social", jar, { provider: "google", idToken: { token } });
    console.log("LINK", r.status, await r.text());
    await settleBackgroundTasks(); const all = await getDb().selectFrom("email" as any).selectAll().execute().catch(()=>[]); console.log("ALLMAIL", JSON.stringify(all).slice(0,300));
    const after = await latestEmailTo(email);
    console.log("MAIL before", before?.subject, "after", after?.subject);
    const rows = await getDb().selectFrom("account").selectAll().execute();
    console.log("ACCOUNTS", rows.map((a: any) => [a.providerId, a.accountId, a.idToken]));
    const ev = await getDb().selectFrom("auth_event" as any).selectAll().execute().catch((e: any) => String(e));
    console.log("EVENTS", JSON.stringify(ev).slice(0, 600));
  });
});
