import { env } from "@/lib/env";

/**
 * The client's IP from the one header the host's proxy sets (CLIENT_IP_HEADER). For a list header
 * the last entry is the one that proxy added; anything a client wrote is to its left.
 */
export function clientIpFromHeaders(headers: Headers | undefined): string | undefined {
  const value = headers?.get(env().CLIENT_IP_HEADER);
  return value?.split(",").at(-1)?.trim() || undefined;
}

export function clientIp(request: Request): string {
  return clientIpFromHeaders(request.headers) ?? "unknown";
}
