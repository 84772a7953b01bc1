import { describe, expect, it } from "vitest";
import { anotherDevice, PASSWORD, signedInDevice, TRANSPORTS } from "./device";
import { ageStepUps, serverRows } from "./server-rows";

describe.each(TRANSPORTS)("Better Auth's client (%s): the device list", (transport) => {
  it("lists every device with an opaque handle, never a session token", async () => {
    const { device: laptop, email } = await signedInDevice(transport);
    const phone = await anotherDevice(transport, email);
    const { data, error } = await laptop.client.listSessions();
    expect(error).toBeNull();
    expect(data).toHaveLength(2);
    const text = JSON.stringify(data);
    for (const token of [laptop.state.token, phone.state.token, ...laptop.state.cookies.values()])
      if (token) expect(text).not.toContain(decodeURIComponent(token).split(".")[0]);
    expect(data?.map((session) => session.token)).toEqual(data?.map((session) => session.id));
    expect(data?.[0]).toMatchObject({ current: true, device: expect.any(String) });
  });

  it("revokeSession signs that device out: its next call is refused", async () => {
    const { device: laptop, email } = await signedInDevice(transport);
    const phone = await anotherDevice(transport, email);
    const listed = (await laptop.client.listSessions()).data ?? [];
    const phoneHandle = listed.find(
      (session) => !(session as { current?: boolean }).current,
    )?.token;
    expect((await laptop.client.revokeSession({ token: phoneHandle ?? "" })).error).toBeNull();

    expect((await phone.client.listSessions()).error).toMatchObject({ status: 401 });
    expect((await phone.client.updateUser({ name: "Revoked" })).error).toMatchObject({
      status: 401,
    });
    expect((await phone.rest("/api/todos")).status).toBe(401);
    expect((await laptop.client.listSessions()).data).toHaveLength(1);
  });

  it("revokeSession refuses another user's handle, changing nothing", async () => {
    const mine = await signedInDevice(transport);
    const theirs = await signedInDevice(transport);
    const [handle] = (await theirs.device.client.listSessions()).data ?? [];
    const answer = await mine.device.client.revokeSession({ token: handle?.token ?? "" });
    expect(answer.error).toMatchObject({ status: 404, code: "SESSION_NOT_FOUND" });
    expect((await theirs.device.client.listSessions()).data).toHaveLength(1);
    const live = await mine.device.client.revokeSession({
      token: decodeURIComponent(theirs.device.state.token ?? "x").split(".")[0] ?? "x",
    });
    expect(live.error).toMatchObject({ status: 404, code: "SESSION_NOT_FOUND" });
  });

  it("revokeOtherSessions keeps this device; revokeSessions ends them all", async () => {
    const { device: laptop, email } = await signedInDevice(transport);
    const phone = await anotherDevice(transport, email);
    const tablet = await anotherDevice(transport, email);
    expect((await laptop.client.revokeOtherSessions()).error).toBeNull();
    for (const gone of [phone, tablet])
      expect((await gone.client.listSessions()).error).toMatchObject({ status: 401 });
    expect((await laptop.client.listSessions()).data).toHaveLength(1);

    const again = await anotherDevice(transport, email);
    expect((await again.client.revokeSessions()).error).toBeNull();
    for (const gone of [laptop, again])
      expect((await gone.client.updateUser({ name: "Gone" })).error).toMatchObject({ status: 401 });
  });

  it.runIf(Boolean(serverRows()))(
    "asks for the step-up once it is 15 minutes old, in Better Auth's error shape, and verifyPassword renews it",
    async () => {
      const rows = serverRows();
      if (!rows) return;
      const { device: laptop, email } = await signedInDevice(transport);
      await anotherDevice(transport, email);
      await ageStepUps(rows, email);
      const stale = [
        await laptop.client.listSessions(),
        await laptop.client.revokeOtherSessions(),
        await laptop.client.revokeSessions(),
      ];
      for (const { error } of stale)
        expect(error).toMatchObject({ status: 403, code: "SESSION_NOT_FRESH" });
      expect(
        (
          await laptop.request("/api/auth/verify-password", {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ password: "wrong password for sure" }),
          })
        ).status,
      ).toBe(400);
      const proof = await laptop.client.$fetch("/verify-password", {
        method: "POST",
        body: { password: PASSWORD },
      });
      expect(proof.error).toBeNull();
      expect((await laptop.client.listSessions()).data).toHaveLength(2);
    },
  );
});
