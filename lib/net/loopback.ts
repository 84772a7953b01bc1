import { isLoopbackIp } from "./ip";

/** A Host header (name or address, with or without a port) that names this machine. */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/\.$|\.?:\d{1,5}$/, "");
  return name === "localhost" || isLoopbackIp(host);
}

/**
 * A request to the dev mailbox from this machine's own browser or tests. Its Host names this
 * machine (a DNS-rebinding page's does not) and so does the peer Next writes into x-forwarded-for
 * from the socket when nothing upstream wrote one; a proxy in front adds its client there or in
 * Forwarded. x-real-ip is ignored: with no proxy it is just what a client wrote (tests set it to
 * play many clients). The hard guarantee is the loopback-only listener (lib/startup).
 */
export function isFromThisMachine(headers: Headers): boolean {
  const hosts = [headers.get("host"), headers.get("x-forwarded-host")];
  const peers = headers.get("x-forwarded-for")?.split(",") ?? [];
  return (
    hosts[0] !== null &&
    hosts.every((host) => host === null || isLoopbackHost(host)) &&
    peers.length > 0 &&
    peers.every(isLoopbackIp) &&
    !headers.has("forwarded")
  );
}
