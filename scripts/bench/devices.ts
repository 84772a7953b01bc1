import { BENCH_PASSWORD } from "./seed";

/** A signed-in simulated device: its cookies (and access JWT), and the client IP it sends from. */
export interface Device {
  email: string;
  ip: string;
  cookies: Map<string, string>;
  bearer?: string;
}

function keepCookies(device: Device, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair = "", ...attributes] = line.split(";");
    const name = pair.slice(0, pair.indexOf("=")).trim();
    const value = pair.slice(pair.indexOf("=") + 1).trim();
    if (!value || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) device.cookies.delete(name);
    else device.cookies.set(name, value);
  }
}

export function cookieHeader(device: Device): string {
  return [...device.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
}

async function call(baseUrl: string, device: Device, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("x-real-ip", device.ip);
  headers.set("origin", baseUrl);
  if (device.cookies.size) headers.set("cookie", cookieHeader(device));
  const response = await fetch(new URL(path, baseUrl), { ...init, headers });
  keepCookies(device, response);
  if (!response.ok) throw new Error(`${path} for ${device.email}: ${response.status}`);
  return response;
}

export async function signIn(baseUrl: string, email: string, ip: string): Promise<Device> {
  const device: Device = { email, ip, cookies: new Map() };
  await call(baseUrl, device, "/api/auth/sign-in/email", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: BENCH_PASSWORD, rememberMe: true }),
  });
  return device;
}

/** A fresh access JWT cookie (the refresh token rotates, as a browser's would) and bearer JWT. */
export async function renew(baseUrl: string, device: Device, withBearer: boolean): Promise<void> {
  await call(baseUrl, device, "/api/auth/get-session?disableCookieCache=true");
  if (withBearer) {
    const response = await call(baseUrl, device, "/api/auth/token");
    device.bearer = ((await response.json()) as { token: string }).token;
  }
}

/** Runs `task` over `items`, `width` at a time. */
export async function inBatches<T, R>(items: T[], width: number, task: (item: T) => Promise<R>) {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += width) {
    results.push(...(await Promise.all(items.slice(start, start + width).map(task))));
  }
  return results;
}
