import "server-only";
import { headers } from "next/headers";
import type { FormState } from "@/lib/forms/state";
import { RATE_LIMITED_HEADER, tooManyAttemptsMessage } from "@/lib/rate-limit";

/** Seconds to wait when the middleware refused this server action, else undefined. */
export async function rateLimitedFor(): Promise<number | undefined> {
  const value = Number((await headers()).get(RATE_LIMITED_HEADER));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** The middleware already counted this attempt; when it refused, the form says so and keeps `values`. */
export async function rateLimitRefusal(
  values: Record<string, string>,
): Promise<FormState | undefined> {
  const retryAfter = await rateLimitedFor();
  return retryAfter === undefined
    ? undefined
    : { status: "error", message: tooManyAttemptsMessage(retryAfter), values };
}
