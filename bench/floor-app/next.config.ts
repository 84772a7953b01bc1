import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

// The repository root holds the node_modules (and lockfile) this app builds with.
const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));

const nextConfig: NextConfig = {
  poweredByHeader: false,
  turbopack: { root: repositoryRoot },
};

export default nextConfig;
