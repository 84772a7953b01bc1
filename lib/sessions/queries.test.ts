import { describe, expect, it } from "vitest";
import { GET as listTodos } from "@/app/api/todos/route";
import type { Actor } from "@/lib/sessions/actor";
import { SessionRevokedError } from "@/lib/sessions/actor";
import { withTestDatabase } from "@/test/database";
import { callAuth, createVerifiedUser, request } from "@/test/http";
import { listDevices, revokeDevice, revokeOtherDevices, StepUpRequiredError } from "./queries";

const getDb = withTestDatabase();

async function actorsOf(email: string): Promise<Actor[]> {
  const rows = await getDb()
    .selectFrom("session")
    .innerJoin("user", "user.id", "session.userId")
    .select(["session.id as sessionId", "user.id as userId"])
    .where("user.email", "=", email)
    .orderBy("session.createdAt")
    .execute();
  return rows;
}

const signInAgain = (email: string, userAgent: string) =>
  callAuth("/sign-in/email", {
    method: "POST",
    headers: { "user-agent": userAgent },
    json: { email, password: "correct horse battery" },
  });

describe("devices", () => {
  it("lists every live session with this device first, after a recent sign-in", async () => {
    await createVerifiedUser("many@example.com");
    await signInAgain(
      "many@example.com",
      "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    );
    const [laptop, phone] = await actorsOf("many@example.com");
    if (!laptop || !phone) throw new Error("expected two sessions");
    const { devices, fresh } = await listDevices(phone);
    expect(fresh).toBe(true);
    expect(devices.map((d) => [d.current, d.device])).toEqual([
      [true, "Firefox on Linux"],
      [false, "Unknown browser on an unknown system"],
    ]);
  });

  it("asks for the password again (step-up) once the proof is old, and then lets it sign devices out", async () => {
    const [laptop, phone] = await actorsOf("many@example.com");
    if (!laptop || !phone) throw new Error("expected two sessions");
    await getDb()
      .updateTable("session")
      .set({ verifiedAt: new Date(Date.now() - 16 * 60 * 1000) })
      .where("id", "=", phone.sessionId)
      .execute();
    expect((await listDevices(phone)).fresh).toBe(false);
    await expect(revokeDevice(phone, laptop.sessionId)).rejects.toBeInstanceOf(StepUpRequiredError);
    expect(await actorsOf("many@example.com")).toHaveLength(2);

    // A fresh password proof, as the devices page's step-up records it.
    await getDb()
      .updateTable("session")
      .set({ verifiedAt: new Date() })
      .where("id", "=", phone.sessionId)
      .execute();
    expect(await revokeDevice(phone, laptop.sessionId)).toBe(true);
    expect(await actorsOf("many@example.com")).toEqual([phone]);
  });

  it("cannot sign out another user's device", async () => {
    await createVerifiedUser("other@example.com");
    const [mine] = await actorsOf("many@example.com");
    const [theirs] = await actorsOf("other@example.com");
    if (!mine || !theirs) throw new Error("expected sessions");
    expect(await revokeDevice(mine, theirs.sessionId)).toBe(false);
    expect(await actorsOf("other@example.com")).toEqual([theirs]);
  });

  it("signs out all other devices but this one", async () => {
    await signInAgain("many@example.com", "A");
    await signInAgain("many@example.com", "B");
    const [current] = await actorsOf("many@example.com");
    if (!current) throw new Error("expected a session");
    expect(await revokeOtherDevices(current)).toBe(2);
    expect(await actorsOf("many@example.com")).toEqual([current]);
  });

  it("refuses a revoked device everywhere, even while its access JWT is still valid", async () => {
    const jar = await createVerifiedUser("gone@example.com");
    const [gone] = await actorsOf("gone@example.com");
    if (!gone) throw new Error("expected a session");
    await getDb().deleteFrom("session").where("id", "=", gone.sessionId).execute();
    await expect(listDevices(gone)).rejects.toBeInstanceOf(SessionRevokedError);
    const res = await listTodos(await request("/api/todos", { jar }), {
      params: Promise.resolve({}),
    });
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("session_revoked");
  });
});
