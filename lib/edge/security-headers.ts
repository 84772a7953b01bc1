import { cookiesAreSecure } from "@/lib/auth/cookies";
import { providerFormTargets } from "@/lib/auth/provider-origins";
import { env } from "@/lib/env";

const TWO_YEARS_SECONDS = 2 * 365 * 24 * 60 * 60;

/** A fresh, unguessable nonce per page: Next.js puts it on its own scripts when it finds it in the CSP. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Pages: scripts only with this request's nonce ('strict-dynamic' lets Next's loader add its
 * chunks), never inline ones an attacker injected. Styles may be inline: Tailwind's CSS is a file,
 * but React and Next set some style attributes. JSON answers need no policy beyond "nothing".
 */
export function contentSecurityPolicy(nonce: string | null): string {
  if (nonce === null) return "default-src 'none'; frame-ancestors 'none'";
  // React's development build evaluates code for its error overlay and call stacks.
  const devEval = process.env.NODE_ENV === "development" ? " 'unsafe-eval'" : "";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${devEval}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    // The service worker (/serwist/sw.js): 'strict-dynamic' would otherwise refuse it.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    ["form-action 'self'", ...providerFormTargets(env())].join(" "),
    "frame-ancestors 'none'",
    ...(cookiesAreSecure() ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** The headers every answer carries; HSTS only when the app is served over https. */
export function securityHeaders(nonce: string | null): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce),
    // API answers hold account data: no browser or shared cache may keep them.
    ...(nonce === null && { "Cache-Control": "no-store" }),
    ...(cookiesAreSecure() && {
      "Strict-Transport-Security": `max-age=${TWO_YEARS_SECONDS}; includeSubDomains`,
    }),
  };
}
