import { createAuthClient } from "better-auth/client";
import { jwtClient } from "better-auth/client/plugins";
import { inject } from "vitest";

export type Transport = "bearer" | "cookie";
export const TRANSPORTS: Transport[] = ["bearer", "cookie"];

export const target = () => inject("clientTarget");

let devices = 0;

/**
 * One app install, as a native app (bearer: keeps the session token from `set-auth-token`, no
 * cookies) or a web client (cookie: a cookie jar) uses Better Auth's client. Each device has an
 * address of its own, as phones on different networks do, so per-IP limits meet real traffic.
 */
export function newDevice(transport: Transport, baseURL = target().baseURL) {
  devices += 1;
  const ip = `198.18.${Math.floor(devices / 250) % 250}.${devices % 250}`;
  const state = { token: undefined as string | undefined, cookies: new Map<string, string>() };

  const send = async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    // Node's fetch sends Sec-Fetch-Mode, so Better Auth checks Origin as for a browser.
    headers.set("origin", target().baseURL);
    headers.set("x-real-ip", ip);
    if (transport === "cookie" && state.cookies.size)
      headers.set(
        "cookie",
        [...state.cookies].map(([name, value]) => `${name}=${value}`).join("; "),
      );
    const response = await fetch(input, { ...init, headers, redirect: "manual" });
    if (transport === "cookie") keepCookies(state.cookies, response);
    return response;
  };
  // As the README's "Use it from your own client" says: every answer may carry a new token.
  const keepToken = (response: Response) => {
    const next = response.headers.get("set-auth-token");
    if (next) state.token = next;
  };

  const client = createAuthClient({
    baseURL,
    plugins: [jwtClient()],
    fetchOptions: {
      customFetchImpl: send,
      ...(transport === "bearer" && {
        auth: { type: "Bearer", token: () => state.token },
        onSuccess: ({ response }: { response: Response }) => keepToken(response),
      }),
    },
  });

  /** A plain request from this device (a link from an email; the REST API takes access JWTs). */
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (transport === "bearer" && state.token)
      headers.set("authorization", `Bearer ${state.token}`);
    const response = await send(new URL(path, baseURL), { ...init, headers });
    if (transport === "bearer") keepToken(response);
    return response;
  };

  /** The REST API as this device calls it: with its cookies, or with an access JWT from token(). */
  const rest = async (path: string, init: RequestInit = {}) => {
    if (transport === "cookie") return request(path, init);
    const { data } = await client.token();
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${data?.token ?? "none"}`);
    return send(new URL(path, baseURL), { ...init, headers });
  };

  return { client, transport, ip, state, request, rest };
}

export type Device = ReturnType<typeof newDevice>;

function keepCookies(jar: Map<string, string>, response: Response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair = "", ...attributes] = line.split(";");
    const name = pair.slice(0, pair.indexOf("=")).trim();
    const value = pair.slice(pair.indexOf("=") + 1).trim();
    if (value === "" || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) jar.delete(name);
    else jar.set(name, value);
  }
}

/** The newest email to an address, from the app's outbox (GET /api/dev/mailbox). */
export async function latestEmail(to: string, subject?: RegExp) {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const res = await fetch(`${target().baseURL}/api/dev/mailbox?to=${encodeURIComponent(to)}`);
    const { messages } = (await res.json()) as {
      messages: { subject: string; text: string; links: string[] }[];
    };
    const found = messages.find((message) => !subject || subject.test(message.subject));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no email to ${to}${subject ? ` matching ${subject}` : ""}`);
}

let accounts = 0;
export const PASSWORD = "correct horse battery staple";

/** A fresh address for this run (every run starts from an empty database, or its own one). */
export function newAddress(label: string) {
  accounts += 1;
  return `${label}-${accounts}-${Date.now().toString(36)}@example.com`;
}

/**
 * Signs up through the client and opens the verification link on the device: it signs in a web
 * client (its sign-up cookie is there); a native app holds no cookie, so the link only verifies
 * and the app signs in with the password. A ready device with one session.
 */
export async function signedInDevice(transport: Transport, email = newAddress("user")) {
  const device = newDevice(transport);
  const signUp = await device.client.signUp.email({
    name: "Client User",
    email,
    password: PASSWORD,
  });
  if (signUp.error) throw new Error(`sign-up: ${JSON.stringify(signUp.error)}`);
  const { links } = await latestEmail(email, /verify/i);
  const verified = await device.request(links[0] ?? "");
  if (verified.status !== 302) throw new Error(`verification link answered ${verified.status}`);
  if (transport === "bearer") {
    const signIn = await device.client.signIn.email({ email, password: PASSWORD });
    if (signIn.error) throw new Error(`sign-in: ${JSON.stringify(signIn.error)}`);
  }
  return { device, email };
}

/** Another device of the same account, signed in with the password. */
export async function anotherDevice(transport: Transport, email: string, password = PASSWORD) {
  const device = newDevice(transport);
  const signIn = await device.client.signIn.email({ email, password });
  if (signIn.error) throw new Error(`sign-in: ${JSON.stringify(signIn.error)}`);
  return device;
}
