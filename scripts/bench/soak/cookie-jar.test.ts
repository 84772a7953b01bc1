import { describe, expect, it } from "vitest";
import { CookieJar } from "./cookie-jar";

const answer = (...lines: string[]) => {
  const headers = new Headers();
  for (const line of lines) headers.append("set-cookie", line);
  return new Response(null, { headers });
};

describe("the soak's cookie jar", () => {
  it("forgets a cookie when its Max-Age runs out, as a browser does", () => {
    const jar = new CookieJar();
    jar.keep(answer("a=1; Max-Age=300; Path=/", "b=2; Path=/"), 0);
    expect(jar.header(299_999)).toBe("a=1; b=2");
    expect(jar.header(300_000)).toBe("b=2");
  });

  it("drops a cookie that is cleared (empty or Max-Age=0)", () => {
    const jar = new CookieJar();
    jar.keep(answer("a=1", "b=2"), 0);
    jar.keep(answer("a=; Max-Age=0", "b="), 1);
    expect(jar.header(2)).toBe("");
  });

  it("can make a cookie run out sooner, never later", () => {
    const jar = new CookieJar();
    jar.keep(answer("a=1; Max-Age=300"), 0);
    jar.expireAt("a", 1000);
    jar.expireAt("a", 10_000_000);
    expect(jar.has("a", 999)).toBe(true);
    expect(jar.has("a", 1000)).toBe(false);
  });
});
