import { sql } from "kysely";
import { describe, expect, it, vi } from "vitest";
import {
  addPasswordAction,
  requestAccountDeletionAction,
} from "@/app/(app)/settings/passwordless-actions";
import {
  confirmWithProviderAction,
  connectAccountAction,
  disconnectAccountAction,
} from "@/app/(app)/settings/security/connected-actions";
import type { FormState } from "@/lib/forms/state";
import { withTestDatabase } from "@/test/database";
import { CookieJar, createVerifiedUser, latestEmailTo } from "@/test/http";
import { signInWithProvider, withTestProvider } from "@/test/oauth/flow";
import { actAs } from "@/test/security/next-request";

vi.mock("next/headers", () => import("@/test/security/next-request"));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const getDb = withTestDatabase();
const provider = withTestProvider("Test IdP");
const idle: FormState = { status: "idle" };

async function providerUser(sub: string, email: string) {
  provider().signInAs({ sub, email, email_verified: true, name: sub });
  const jar = new CookieJar();
  expect((await signInWithProvider(jar)).status).toBe(302);
  return jar;
}

function form(fields: Record<string, string>) {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

/** The three ways React may hand an action its argument besides a form (all refused). */
const notForms = (fields: Record<string, string>) => ({
  "a plain object": fields as unknown as FormData,
  "a Map": new Map(Object.entries(fields)) as unknown as FormData,
  "a string": JSON.stringify(fields) as unknown as FormData,
});

/** Where a server action redirected (Next throws to redirect), or undefined when it answered. */
async function redirectOf(run: () => Promise<FormState>): Promise<string | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    const digest = (error as { digest?: string }).digest ?? "";
    if (!digest.startsWith("NEXT_REDIRECT")) throw error;
    return digest.split(";")[2];
  }
}

async function accountsOf(email: string) {
  return getDb()
    .selectFrom("account")
    .innerJoin("user", "user.id", "account.userId")
    .select(["account.id", "account.providerId"])
    .where("user.email", "=", email)
    .execute();
}

describe("the connected-account and passwordless forms, in every argument encoding", () => {
  it("'add a password' mails only the signed-in account's address, whatever address the post names", async () => {
    const email = "action-add-password@example.com";
    const owner = await providerUser("action-add-sub", email);
    const victim = "action-add-victim@example.com";
    await createVerifiedUser(victim);
    const victimMailBefore = (await latestEmailTo(victim))?.id;

    actAs(owner);
    const answer = await addPasswordAction(idle, form({ email: victim }));
    expect(answer).toMatchObject({ status: "success", message: expect.stringContaining(email) });
    expect((await latestEmailTo(email))?.subject).toMatch(/Add a password to your Todos account/);
    expect((await latestEmailTo(victim))?.id).toBe(victimMailBefore);

    for (const [name, argument] of Object.entries(notForms({ email: victim }))) {
      actAs(owner);
      expect(await addPasswordAction(idle, argument), name).toMatchObject({ status: "error" });
    }
    expect((await latestEmailTo(victim))?.id).toBe(victimMailBefore);
  });

  it("'disconnect' never reaches another user's connected account, in any encoding", async () => {
    const victimEmail = "action-unlink-victim@example.com";
    await providerUser("action-unlink-victim-sub", victimEmail);
    const [victimAccount] = await accountsOf(victimEmail);
    const thief = await createVerifiedUser("action-unlink-thief@example.com");

    actAs(thief);
    expect(
      await disconnectAccountAction(idle, form({ accountId: victimAccount?.id ?? "" })),
    ).toMatchObject({ status: "error" });
    for (const [name, argument] of Object.entries(
      notForms({ accountId: victimAccount?.id ?? "" }),
    )) {
      actAs(thief);
      expect(await disconnectAccountAction(idle, argument), name).toMatchObject({
        status: "error",
      });
    }
    expect(await accountsOf(victimEmail)).toHaveLength(1);
  });

  it("'connect' and 'confirm with' go to the provider only after a step-up, and only for a provider on offer", async () => {
    const email = "action-connect@example.com";
    const owner = await createVerifiedUser(email);
    await getDb()
      .updateTable("session")
      .set({ verifiedAt: sql`now() - interval '1 day'` })
      .execute();
    const seen = provider().authorizations.length;

    actAs(owner);
    expect(
      await redirectOf(() => connectAccountAction(idle, form({ provider: "oidc" }))),
    ).toBeUndefined();
    actAs(owner);
    expect(await connectAccountAction(idle, form({ provider: "evil" }))).toMatchObject({
      status: "error",
      message: "That provider is not offered here.",
    });
    // Confirming with a provider this account has not connected starts nothing.
    actAs(owner);
    expect(await confirmWithProviderAction(idle, form({ provider: "oidc" }))).toMatchObject({
      status: "error",
    });
    for (const [name, argument] of Object.entries(notForms({ provider: "oidc" }))) {
      actAs(owner);
      expect(await connectAccountAction(idle, argument), name).toMatchObject({ status: "error" });
    }
    expect(provider().authorizations.length).toBe(seen);

    // Fresh again (as after a step-up): the form sends the browser to the provider.
    await getDb().updateTable("session").set({ verifiedAt: sql`now()` }).execute();
    actAs(owner);
    const location = await redirectOf(() => connectAccountAction(idle, form({ provider: "oidc" })));
    expect(new URL(location ?? "").origin).toBe(provider().issuer);
    expect(await accountsOf(email)).toHaveLength(1);
  });

  it("'confirm with' a connected provider asks it to check who is there again (prompt=login, max_age=0)", async () => {
    const owner = await providerUser("action-confirm-sub", "action-confirm@example.com");
    actAs(owner);
    const location = await redirectOf(() =>
      confirmWithProviderAction(idle, form({ provider: "oidc" })),
    );
    const url = new URL(location ?? "");
    expect(url.origin).toBe(provider().issuer);
    expect(url.searchParams.get("prompt")).toBe("login");
    expect(url.searchParams.get("max_age")).toBe("0");
  });

  it("'email me a delete link' only mails the account's own address and deletes nothing", async () => {
    const email = "action-delete@example.com";
    const owner = await providerUser("action-delete-sub", email);
    actAs(owner);
    const answer = await requestAccountDeletionAction(
      idle,
      form({ token: "a".repeat(32), password: "guess", email: "x@example.com" }),
    );
    expect(answer).toMatchObject({ status: "success" });
    expect((await latestEmailTo(email))?.subject).toMatch(/Confirm deleting/);
    expect(await accountsOf(email)).toHaveLength(1);

    const withPassword = await createVerifiedUser("action-delete-password@example.com");
    actAs(withPassword);
    expect(await requestAccountDeletionAction(idle, form({}))).toMatchObject({ status: "error" });
  });
});
