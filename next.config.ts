import type { NextConfig } from "next";

// Content-Security-Policy (with a per-request nonce) and HSTS come from middleware.ts.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

const nextConfig: NextConfig = {
  // PGlite ships WASM and data files that must be loaded from node_modules, not bundled.
  // esbuild builds the service worker at /serwist/sw.js (app/serwist/[path]/route.ts).
  serverExternalPackages: ["@electric-sql/pglite", "esbuild", "esbuild-wasm"],
  poweredByHeader: false,
  // A fresh process loads a route's code when it is first asked for (as a serverless deployment
  // does), so its first /todos does not wait for /settings, Better Auth and the service worker.
  experimental: { preloadEntriesOnStart: false },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
