import { test as base } from "@playwright/test";

let clients = 0;

/**
 * Each test is a different client IP (the header CLIENT_IP_HEADER names), so per-IP rate limits
 * count per test, as they would for separate people, instead of across the whole run.
 */
export const test = base.extend({
  context: async ({ context }, use) => {
    clients += 1;
    await context.setExtraHTTPHeaders({
      "x-real-ip": `198.18.${Math.floor(clients / 250)}.${clients % 250}`,
    });
    await use(context);
  },
});

export { expect } from "@playwright/test";
