import { beforeAll, describe, expect, it, vi } from "vitest";
import { todoAction } from "@/app/(app)/todos/actions";
import TodosPage from "@/app/(app)/todos/page";
import { GET, POST } from "@/app/api/todos/route";
import { IDENTITY_HEADER, type SignedIn, signIdentity } from "@/lib/identity/handoff";
import { withTestDatabase } from "@/test/database";
import { callAuth, createVerifiedUser, request } from "@/test/http";
import { actAs, arriveDirectly } from "@/test/security/next-request";

vi.mock("next/headers", () => import("@/test/security/next-request"));
vi.mock("next/cache", () => ({ revalidatePath: () => {} }));

const getDb = withTestDatabase();
const noParams = { params: Promise.resolve({}) };
const IN_AN_HOUR = Date.now() + 60 * 60 * 1000;

let victim: SignedIn;

beforeAll(async () => {
  const jar = await createVerifiedUser("forged-identity-victim@example.com");
  const session = await (await callAuth("/get-session", { jar })).json();
  victim = {
    user: { id: session.user.id, email: session.user.email, name: session.user.name },
    session: { id: session.session.id },
  };
});

/** Identity headers an attacker can write without the middleware, each naming the victim. */
async function forgeries(): Promise<[string, string][]> {
  const unsigned = encodeURIComponent(JSON.stringify({ ...victim, validUntil: IN_AN_HOUR }));
  const genuine = await signIdentity(victim, IN_AN_HOUR, process.env.BETTER_AUTH_SECRET ?? "");
  return [
    ["plain JSON, as the old x-verified-session header was", unsigned],
    ["the right shape with a made-up signature", `${genuine.split(".")[0]}.${"A".repeat(43)}`],
    [
      "signed with another secret",
      await signIdentity(victim, IN_AN_HOUR, "another-secret-that-is-at-least-32-characters"),
    ],
    [
      "signed with the right secret, but expired",
      await signIdentity(victim, Date.now() - 1000, process.env.BETTER_AUTH_SECRET ?? ""),
    ],
  ];
}

const victimTodos = () =>
  getDb().selectFrom("todo").select("title").where("user_id", "=", victim.user.id).execute();

describe("a request that skipped the middleware cannot claim a user", () => {
  it("a page render sends it to sign in instead of rendering the victim's todos", async () => {
    for (const [how, value] of await forgeries()) {
      arriveDirectly(undefined, { [IDENTITY_HEADER]: value });
      const render = TodosPage({ searchParams: Promise.resolve({}) });
      await expect(render, how).rejects.toThrow(/NEXT_REDIRECT/);
    }
  });

  it("a server action writes nothing for the victim", async () => {
    for (const [how, value] of await forgeries()) {
      arriveDirectly(undefined, { [IDENTITY_HEADER]: value });
      const form = new FormData();
      form.set("intent", "create");
      form.set("title", `forged action: ${how}`);
      const outcome = await todoAction(form).catch((error: Error) => error);
      expect(outcome, how).not.toEqual({ ok: true });
    }
    expect(await victimTodos()).toEqual([]);
  });

  it("a REST route answers 401 and neither reads nor writes the victim's todos", async () => {
    for (const [how, value] of await forgeries()) {
      const headers = { [IDENTITY_HEADER]: value };
      const read = await GET(await request("/api/todos", { headers }), noParams);
      expect(read.status, how).toBe(401);
      const write = await POST(
        await request("/api/todos", { method: "POST", headers, json: { title: how } }),
        noParams,
      );
      expect(write.status, how).toBe(401);
    }
    expect(await victimTodos()).toEqual([]);
  });

  it("the same action through the middleware does act for its signed-in user", async () => {
    const owner = await createVerifiedUser("forged-identity-owner@example.com");
    actAs(owner);
    const form = new FormData();
    form.set("intent", "create");
    form.set("title", "through the middleware");
    expect(await todoAction(form)).toEqual({ ok: true });
  });
});
