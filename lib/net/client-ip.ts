import { env, isDeployment } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { ipRateLimitKey, parseIp } from "@/lib/net/ip";

/** With no proxy in front (the laptop, the tests' own server) the client is this machine. */
const THIS_MACHINE = "127.0.0.1";

/**
 * The client's address from the one header the host's proxy sets (CLIENT_IP_HEADER), only if it is
 * an IP. For a list header the last entry is the one that proxy added; anything a client wrote is
 * to its left. The one parser: edge limits, Node limits and the activity log all read this.
 */
export function clientAddress(headers: Headers | undefined | null): string | null {
  const ip = headers?.get(env().CLIENT_IP_HEADER)?.split(",").at(-1)?.trim();
  return ip && parseIp(ip) ? ip : null;
}

/** The key per-IP limits count under (IPv4 per address, IPv6 per /64). */
export function clientIpFromHeaders(headers: Headers | undefined): string | undefined {
  const ip = clientAddress(headers);
  return ip ? ipRateLimitKey(ip) : undefined;
}

/** Throws a 400 ApiError for a deployment's request that its proxy did not name the client of. */
export function clientIp(source: Request | Headers): string {
  const ip = clientIpFromHeaders(source instanceof Headers ? source : source.headers);
  if (ip) return ip;
  // One shared bucket for every unnamed client would let one person lock everyone out.
  if (isDeployment(env())) throw missingClientIp();
  return THIS_MACHINE;
}

function missingClientIp(): ApiError {
  return new ApiError(
    400,
    "missing_client_ip",
    `The request did not come through the proxy: it carries no valid ${env().CLIENT_IP_HEADER} header.`,
  );
}
