import { env } from "@/lib/env";

/**
 * The client's IP from the one header the host's proxy sets (CLIENT_IP_HEADER). For a list header
 * the last entry is the one that proxy added; anything a client wrote is to its left.
 */
export function clientIp(request: Request): string {
  const value = request.headers.get(env().CLIENT_IP_HEADER);
  const ip = value?.split(",").at(-1)?.trim();
  return ip || "unknown";
}
