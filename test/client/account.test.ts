import { describe, expect, it } from "vitest";
import {
  anotherDevice,
  latestEmail,
  newAddress,
  newDevice,
  PASSWORD,
  signedInDevice,
  TRANSPORTS,
} from "./device";
import { ageStepUps, serverRows } from "./server-rows";

const NEW_PASSWORD = "a brand new passphrase for this";

describe.each(TRANSPORTS)("Better Auth's client (%s): the account", (transport) => {
  it("updateUser renames; a bad name is refused with its field, changing nothing", async () => {
    const { device } = await signedInDevice(transport);
    expect((await device.client.updateUser({ name: "Renamed" })).error).toBeNull();
    const tooLong = await device.client.updateUser({ name: "x".repeat(500) });
    expect(tooLong.error).toMatchObject({ status: 400 });
    const { data } = await device.client.getSession({ query: { disableCookieCache: true } });
    expect(data?.user.name).toBe("Renamed");
  });

  /** The approval link's page, then its button, posted as a browser without JavaScript does. */
  async function approveByClick(link: string, ip: string): Promise<Response> {
    const headers = { "x-real-ip": ip };
    const landed = await fetch(link, { redirect: "manual", headers });
    const page = new URL(landed.headers.get("location") ?? "", link);
    expect(page.pathname).toBe("/approve-email-change");
    const html = await (await fetch(page, { headers })).text();
    const form = new FormData();
    for (const [input] of html.matchAll(/<input type="hidden"[^>]*>/g)) {
      const name = /name="([^"]+)"/.exec(input)?.[1] ?? "";
      form.set(name, (/value="([^"]*)"/.exec(input)?.[1] ?? "").replaceAll("&amp;", "&"));
    }
    return fetch(page, {
      method: "POST",
      body: form,
      redirect: "manual",
      headers: { ...headers, origin: page.origin },
    });
  }

  it("changeEmail mails the current address a link to approve; only then does the new address get the link that moves the account", async () => {
    const { device, email } = await signedInDevice(transport);
    const newEmail = newAddress("moved");
    const asked = await device.client.changeEmail({ newEmail, callbackURL: "/settings" });
    expect(asked.error).toBeNull();
    const approval = await latestEmail(email, /^Approve the change of your Todos email$/);
    await expect(latestEmail(newEmail)).rejects.toThrow(/no email/);
    const approved = await approveByClick(approval.links[0] ?? "", device.ip);
    expect(approved.status).toBe(303);
    const before = await device.client.getSession({ query: { disableCookieCache: true } });
    expect(before.data?.user.email).toBe(email);
    const { links } = await latestEmail(newEmail, /^Confirm your new email for Todos$/);
    const opened = await fetch(links[0] ?? "", {
      redirect: "manual",
      headers: { "x-real-ip": device.ip },
    });
    expect(opened.status).toBe(302);
    const { data } = await device.client.getSession({ query: { disableCookieCache: true } });
    expect(data?.user.email).toBe(newEmail);
    const signIn = await newDevice(transport).client.signIn.email({
      email: newEmail,
      password: PASSWORD,
    });
    expect(signIn.error).toBeNull();
    const oldAddress = await newDevice(transport).client.signIn.email({
      email,
      password: PASSWORD,
    });
    expect(oldAddress.error).toMatchObject({ status: 401 });
  });

  it.runIf(Boolean(serverRows()))(
    "changeEmail with a stale step-up is refused, mailing nothing",
    async () => {
      const rows = serverRows();
      if (!rows) return;
      const { device, email } = await signedInDevice(transport);
      await ageStepUps(rows, email);
      const newEmail = newAddress("refused-move");
      const asked = await device.client.changeEmail({ newEmail, callbackURL: "/settings" });
      expect(asked.error).toMatchObject({ status: 403, code: "SESSION_NOT_FRESH" });
      await expect(latestEmail(newEmail)).rejects.toThrow(/no email/);
      await expect(latestEmail(email, /^Approve the change/)).rejects.toThrow(/no email/);
    },
  );

  it("changePassword with revokeOtherSessions: a wrong current password changes nothing; the right one signs the others out", async () => {
    const { device, email } = await signedInDevice(transport);
    const phone = await anotherDevice(transport, email);
    const wrong = await device.client.changePassword({
      currentPassword: "not my password at all",
      newPassword: NEW_PASSWORD,
      revokeOtherSessions: true,
    });
    expect(wrong.error).toMatchObject({ status: 400, code: "INVALID_PASSWORD" });
    expect((await phone.client.listSessions()).error).toBeNull();

    const changed = await device.client.changePassword({
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      revokeOtherSessions: true,
    });
    expect(changed.error).toBeNull();
    // This device goes on (its new session token came back); the phone is signed out.
    expect((await device.client.listSessions()).data).toHaveLength(1);
    expect((await phone.client.updateUser({ name: "Phone" })).error).toMatchObject({ status: 401 });
    const old = await newDevice(transport).client.signIn.email({ email, password: PASSWORD });
    expect(old.error).toMatchObject({ status: 401 });
    expect((await anotherDevice(transport, email, NEW_PASSWORD)).client).toBeTruthy();
  });
});
