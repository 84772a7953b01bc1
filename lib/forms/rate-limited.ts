import "server-only";
import { headers } from "next/headers";
import { RATE_LIMITED_HEADER } from "@/lib/rate-limit";

/** Seconds to wait when the middleware refused this server action, else undefined. */
export async function rateLimitedFor(): Promise<number | undefined> {
  const value = Number((await headers()).get(RATE_LIMITED_HEADER));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
