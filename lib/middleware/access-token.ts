import { getCookieCache } from "better-auth/cookies";
import { cookiesAreSecure } from "@/lib/auth-cookies";
import { env } from "@/lib/env";

type AccessCookie = NonNullable<Awaited<ReturnType<typeof getCookieCache>>>;

/** Decrypts and checks the access JWT (JWE) cookie with no DB call; anything missing, expired, malformed or forged is null. */
export async function readAccessToken(request: Request): Promise<AccessCookie | null> {
  try {
    return await getCookieCache(request, {
      secret: env().BETTER_AUTH_SECRET,
      strategy: "jwe",
      isSecure: cookiesAreSecure(),
    });
  } catch {
    return null;
  }
}
