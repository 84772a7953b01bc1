/** A browser's cookie jar for one site: it forgets a cookie when its Max-Age runs out. */
export class CookieJar {
  private readonly cookies = new Map<string, { value: string; expiresAt: number }>();

  header(now = Date.now()): string {
    const parts: string[] = [];
    for (const [name, cookie] of this.cookies) {
      if (cookie.expiresAt <= now) this.cookies.delete(name);
      else parts.push(`${name}=${cookie.value}`);
    }
    return parts.join("; ");
  }

  has(name: string, now = Date.now()): boolean {
    const cookie = this.cookies.get(name);
    return cookie !== undefined && cookie.expiresAt > now;
  }

  keep(response: Response, now = Date.now()): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const index = pair.indexOf("=");
      if (index <= 0) continue;
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const maxAge = attributes
        .map((a) => /^\s*max-age=(-?\d+)\s*$/i.exec(a)?.[1])
        .find((v) => v !== undefined);
      const expiresAt =
        maxAge === undefined ? Number.POSITIVE_INFINITY : now + Number(maxAge) * 1000;
      if (!value || expiresAt <= now) this.cookies.delete(name);
      else this.cookies.set(name, { value, expiresAt });
    }
  }

  /** As if the cookie had been set earlier: it runs out at `expiresAt` instead. */
  expireAt(name: string, expiresAt: number): void {
    const cookie = this.cookies.get(name);
    if (cookie) cookie.expiresAt = Math.min(cookie.expiresAt, expiresAt);
  }
}
