import { isLoopbackIp } from "./ip";

/** A Host header (name or address, with or without a port) that names this machine. */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/\.$|\.?:\d{1,5}$/, "");
  return name === "localhost" || isLoopbackIp(host);
}
