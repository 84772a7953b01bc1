import { cookieHeader, type Device } from "./devices";
import type { Scenario } from "./load";
import * as names from "./names";

const asCookies =
  (devices: Device[], extra: Record<string, string> = {}) =>
  () =>
    devices.map((d) => ({ cookie: cookieHeader(d), "x-real-ip": d.ip, ...extra }));

const asBearers = (devices: Device[]) => () =>
  devices.map((d) => ({ authorization: `Bearer ${d.bearer}`, "x-real-ip": d.ip }));

export interface SignedInDevices {
  page50: Device;
  page10k: Device;
  readers: Device[];
  bearers: Device[];
  writers: Device[];
}

/** The floor app's two routes: what Next itself costs for a 50-item page and JSON answer. */
export const floorScenarios: Scenario[] = [
  { name: names.FLOOR_PAGE, method: "GET", path: "/items", expectStatus: 200, devices: () => [{}] },
  {
    name: names.FLOOR_JSON,
    method: "GET",
    path: "/api/items",
    expectStatus: 200,
    devices: () => [{}],
  },
];

export function appScenarios(d: SignedInDevices, origin: string): Scenario[] {
  return [
    { ...signedInPage(d.page50), name: names.PAGE_50 },
    { ...signedInPage(d.page10k), name: names.PAGE_10K },
    {
      name: names.API_COOKIE,
      method: "GET",
      path: "/api/todos",
      expectStatus: 200,
      devices: asCookies(d.readers),
    },
    {
      name: names.API_BEARER,
      method: "GET",
      path: "/api/todos",
      expectStatus: 200,
      devices: asBearers(d.bearers),
    },
    {
      name: names.API_POST,
      method: "POST",
      path: "/api/todos",
      expectStatus: 201,
      body: JSON.stringify({ title: "Written by the bench" }),
      devices: asCookies(d.writers, { origin, "content-type": "application/json" }),
    },
    {
      name: names.REDIRECT,
      method: "GET",
      path: "/todos",
      expectStatus: 307,
      devices: () => [{ "x-real-ip": "10.255.0.1" }],
    },
    {
      name: names.STATIC_FILE,
      method: "GET",
      path: "/robots.txt",
      expectStatus: 200,
      devices: () => [{}],
    },
  ];
}

/** Signed-in GET /todos for one device (the 50-todo list unless said otherwise). */
export function signedInPage(device: Device, name: string = names.PAGE_50): Scenario {
  return { name, method: "GET", path: "/todos", expectStatus: 200, devices: asCookies([device]) };
}

/** Under a network profile: the signed-in page by 10 concurrent visitors, and by one alone. */
export function networkScenarios(device: Device, baseline: boolean): Scenario[] {
  const page = signedInPage(device, baseline ? names.BASELINE : names.PAGE_50);
  return [page, { ...page, name: `${page.name}, one visitor`, connections: 1 }];
}

export { asBearers, asCookies };
