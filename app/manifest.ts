import type { MetadataRoute } from "next";

/** Installable: opens on the list, full screen, with the app's icons. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Todos",
    short_name: "Todos",
    description: "Your todo list, live on every device and usable offline.",
    start_url: "/todos",
    scope: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#059669",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icon.svg", sizes: "any", type: "image/svg+xml" },
    ],
  };
}
