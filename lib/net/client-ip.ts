import { securityHeaders } from "@/lib/edge/security-headers";
import { env, isDeployment } from "@/lib/env";
import { ApiError } from "@/lib/http/errors";
import { ipRateLimitKey } from "@/lib/net/ip";

/** With no proxy in front (the laptop, the tests' own server) the client is this machine. */
const THIS_MACHINE = "127.0.0.1";

/**
 * The client's IP from the one header the host's proxy sets (CLIENT_IP_HEADER), as the key per-IP
 * limits count under (IPv4 per address, IPv6 per /64). For a list header the last entry is the one
 * that proxy added; anything a client wrote is to its left.
 */
export function clientIpFromHeaders(headers: Headers | undefined): string | undefined {
  const ip = headers?.get(env().CLIENT_IP_HEADER)?.split(",").at(-1)?.trim();
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
    undefined,
    securityHeaders(null),
  );
}
