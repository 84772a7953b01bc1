import { describe, expect, it } from "vitest";
import { GET as sessionEnded } from "@/app/session-ended/route";
import { BASE_URL } from "@/test/http";

/** The navigation a browser makes to /session-ended, as `Sec-Fetch-Site` says who started it. */
const navigate = (site: string | null) =>
  sessionEnded(
    new Request(new URL("/session-ended?next=%2Ftodos", BASE_URL), {
      headers: site === null ? {} : { "sec-fetch-site": site, "sec-fetch-mode": "navigate" },
    }),
  );

const clearedCookies = (res: Response) =>
  res.headers.getSetCookie().filter((line) => /max-age=0/i.test(line));

describe("GET /session-ended (sign-out by link)", () => {
  it.each(["cross-site"])("a %s link or form signs no one out: it asks first", async (site) => {
    const res = await navigate(site);
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get("clear-site-data")).toBeNull();
    const page = await res.text();
    expect(page).toContain('href="/session-ended?next=%2Ftodos"');
    expect(page).toContain("Continue to sign in");
  });

  it.each(["same-origin", "same-site", "none", null])(
    "a navigation from the site itself (Sec-Fetch-Site %s) clears the session cookies and the site's storage",
    async (site) => {
      const res = await navigate(site);
      expect(res.status).toBe(303);
      expect(new URL(res.headers.get("location") ?? "", BASE_URL).pathname).toBe("/sign-in");
      expect(clearedCookies(res).map((line) => line.split("=")[0])).toEqual([
        "better-auth.session_token",
        "better-auth.session_data",
        "better-auth.dont_remember",
      ]);
      expect(res.headers.get("clear-site-data")).toBe('"storage"');
    },
  );
});
