import { createSerwistRoute } from "@serwist/turbopack";

// Serves the service worker built from app/sw.ts with esbuild, at /serwist/sw.js (prerendered at build).
export const { dynamic, dynamicParams, revalidate, generateStaticParams, GET } = createSerwistRoute(
  {
    swSrc: "app/sw.ts",
    useNativeEsbuild: true,
    // The pages are cached as they are visited (app/sw.ts); the build's static files up front.
    globPatterns: [".next/static/**/*.{js,css,woff2,svg,png,ico}", "public/**/*"],
  },
);
