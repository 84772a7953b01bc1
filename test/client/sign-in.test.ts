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

const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(TRANSPORTS)(
  "Better Auth's client (%s): sign-up, verification and sign-in",
  (transport) => {
    it("signs up, is refused until the inbox link is opened, then signs in", async () => {
      const device = newDevice(transport);
      const email = newAddress("signup");
      const signUp = await device.client.signUp.email({ name: "New", email, password: PASSWORD });
      expect(signUp.error).toBeNull();

      const early = await device.client.signIn.email({ email, password: PASSWORD });
      expect(early.error).toMatchObject({ status: 403, code: "EMAIL_NOT_VERIFIED" });

      const { links } = await latestEmail(email, /verify/i);
      const opened = await fetch(links[0] ?? "", {
        redirect: "manual",
        headers: { "x-real-ip": device.ip },
      });
      expect(opened.status).toBe(302);

      const signIn = await device.client.signIn.email({ email, password: PASSWORD });
      expect(signIn.error).toBeNull();
      const { data } = await device.client.getSession();
      expect(data?.user.email).toBe(email);
    });

    it("refuses a wrong password and an unknown address alike, signing nothing in", async () => {
      const { email } = await signedInDevice(transport);
      const stranger = newDevice(transport);
      const wrong = await stranger.client.signIn.email({
        email,
        password: "not the password at all",
      });
      const unknown = await stranger.client.signIn.email({
        email: newAddress("nobody"),
        password: "not the password at all",
      });
      expect(wrong.error).toMatchObject({ status: 401, code: "INVALID_EMAIL_OR_PASSWORD" });
      expect(unknown.error).toMatchObject({ status: 401, code: "INVALID_EMAIL_OR_PASSWORD" });
      expect((await stranger.client.getSession()).data).toBeNull();
    });

    it("keeps a remember-me session for 30 days, and a remember-me-off one for a day", async () => {
      const { email, device: remembered } = await signedInDevice(transport);
      const long = await remembered.client.getSession();
      expect(new Date(long.data?.session.expiresAt ?? 0).getTime()).toBeGreaterThan(
        Date.now() + 29 * DAY_MS,
      );

      const shortDevice = newDevice(transport);
      const signIn = await shortDevice.client.signIn.email({
        email,
        password: PASSWORD,
        rememberMe: false,
      });
      expect(signIn.error).toBeNull();
      const short = await shortDevice.client.getSession();
      const expires = new Date(short.data?.session.expiresAt ?? 0).getTime();
      expect(expires).toBeGreaterThan(Date.now());
      expect(expires).toBeLessThanOrEqual(Date.now() + DAY_MS + 60_000);
    });
  },
);

describe.each(TRANSPORTS)(
  "Better Auth's client (%s): a renewal never strands the device",
  (transport) => {
    it("calls every other endpoint right after getSession without a 401", async () => {
      const { device, email } = await signedInDevice(transport);
      const other = await anotherDevice(transport, email);
      for (let round = 0; round < 3; round += 1) {
        expect((await device.client.getSession()).data?.user.email).toBe(email);
        expect((await device.client.updateUser({ name: `Round ${round}` })).error).toBeNull();
        expect((await device.client.listSessions()).error).toBeNull();
        expect((await device.client.token()).error).toBeNull();
        const todos = await device.rest("/api/todos");
        expect(todos.status).toBe(200);
      }
      const { data } = await other.client.getSession({ query: { disableCookieCache: true } });
      expect(data?.user.name).toBe("Round 2");
    });

    it("learns each new session token: a bearer device from set-auth-token, a browser from its cookie", async () => {
      const { device } = await signedInDevice(transport);
      // A bearer device holds what set-auth-token said; a browser, its session cookie.
      const held = () =>
        transport === "bearer"
          ? device.state.token
          : device.state.cookies.get("better-auth.session_token");
      const tokens = [held()];
      for (let renewal = 0; renewal < 2; renewal += 1) {
        // Read from the row (no access cookie answers it), so each renewal rotates the token.
        await device.client.getSession({ query: { disableCookieCache: true } });
        tokens.push(held());
      }
      expect(tokens.every((token) => typeof token === "string" && token.length > 0)).toBe(true);
      expect(new Set(tokens).size).toBe(tokens.length);
      expect((await device.client.updateUser({ name: "After renewals" })).error).toBeNull();
    });
  },
);
