import { createRemoteJWKSet, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import {
  anotherDevice,
  latestEmail,
  newDevice,
  PASSWORD,
  signedInDevice,
  TRANSPORTS,
  target,
} from "./device";

const NEW_PASSWORD = "the reset gave me this one";

describe.each(TRANSPORTS)(
  "Better Auth's client (%s): reset, tokens, sign-out, deletion",
  (transport) => {
    it("requestPasswordReset + resetPassword: the new password works, the old one and the used link do not", async () => {
      const { device: laptop, email } = await signedInDevice(transport);
      const device = newDevice(transport);
      const asked = await device.client.requestPasswordReset({
        email,
        redirectTo: "/reset-password",
      });
      expect(asked.error).toBeNull();
      const { links } = await latestEmail(email, /reset/i);
      const link = new URL(links[0] ?? "");
      const token = link.pathname.split("/").pop() ?? "";

      const weak = await device.client.resetPassword({ token, newPassword: "password" });
      expect(weak.error).toMatchObject({ status: 400 });
      expect(
        (await device.client.resetPassword({ token, newPassword: NEW_PASSWORD })).error,
      ).toBeNull();
      const reused = await device.client.resetPassword({
        token,
        newPassword: "yet another passphrase",
      });
      expect(reused.error).toMatchObject({ status: 400 });

      expect(
        (await newDevice(transport).client.signIn.email({ email, password: PASSWORD })).error,
      ).toMatchObject({
        status: 401,
      });
      await anotherDevice(transport, email, NEW_PASSWORD);
      // A reset signs every device out.
      expect((await laptop.client.updateUser({ name: "Still here?" })).error).toMatchObject({
        status: 401,
      });
    });

    it("token() gives an access JWT that verifies against /api/auth/jwks and opens the REST API, until revoked", async () => {
      const { device: laptop, email } = await signedInDevice(transport);
      const phone = await anotherDevice(transport, email);
      const { data, error } = await phone.client.token();
      expect(error).toBeNull();
      const jwks = createRemoteJWKSet(new URL("/api/auth/jwks", target().baseURL));
      const { payload, protectedHeader } = await jwtVerify(data?.token ?? "", jwks, {
        issuer: target().baseURL,
        audience: target().baseURL,
      });
      expect(protectedHeader.alg).toBe("EdDSA");
      expect(payload.sid).toEqual(expect.any(String));
      expect(payload.exp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 5 * 60 + 5);

      const api = () =>
        fetch(new URL("/api/todos", target().baseURL), {
          headers: { authorization: `Bearer ${data?.token}`, "x-real-ip": phone.ip },
        });
      expect((await api()).status).toBe(200);
      const listed = (await laptop.client.listSessions()).data ?? [];
      const phoneHandle = listed.find((session) => session.id === payload.sid)?.token ?? "";
      expect((await laptop.client.revokeSession({ token: phoneHandle })).error).toBeNull();
      // The JWT has minutes left, but the session behind it is checked on every request.
      expect((await api()).status).toBe(401);
      expect((await phone.client.token()).error).toMatchObject({ status: 401 });
    });

    it("signOut ends this device only; deleteUser needs the password and then removes the account", async () => {
      const { device: laptop, email } = await signedInDevice(transport);
      const phone = await anotherDevice(transport, email);
      expect((await phone.client.signOut()).error).toBeNull();
      expect((await phone.client.listSessions()).error).toMatchObject({ status: 401 });
      expect((await laptop.client.listSessions()).data).toHaveLength(1);

      const wrong = await laptop.client.deleteUser({ password: "not my password at all" });
      expect(wrong.error).toMatchObject({ status: 400 });
      expect((await laptop.client.listSessions()).error).toBeNull();
      expect((await laptop.client.deleteUser({ password: PASSWORD })).error).toBeNull();
      expect((await laptop.client.listSessions()).error).toMatchObject({ status: 401 });
      const gone = await newDevice(transport).client.signIn.email({ email, password: PASSWORD });
      expect(gone.error).toMatchObject({ status: 401 });
    });
  },
);
