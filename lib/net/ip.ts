/** Pure IP parsing for the edge (no node:net there): one canonical form per address. */
export type ParsedIp = { version: 4; octets: number[] } | { version: 6; groups: number[] };

/**
 * Parses an IP as headers write it: IPv4 or IPv6 in any compression, with or without brackets, a
 * port or a zone id. An IPv4-mapped IPv6 address (::ffff:1.2.3.4) is that IPv4 address.
 */
export function parseIp(raw: string): ParsedIp | undefined {
  let text = raw.trim().toLowerCase();
  const bracketed = /^\[([^\]]*)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1] ?? "";
  else if (/^[\d.]+:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  text = text.replace(/%[\w.-]+$/, "");
  const octets = parseIpv4(text);
  if (octets) return { version: 4, octets };
  const groups = parseIpv6(text);
  if (!groups) return undefined;
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const [, , , , , , high = 0, low = 0] = groups;
    return { version: 4, octets: [high >> 8, high & 255, low >> 8, low & 255] };
  }
  return { version: 6, groups };
}

/**
 * The key per-IP limits count under: an IPv4 address, or an IPv6 /64 (one subscriber usually holds
 * a whole /64, so per /128 anyone could take a fresh address for each try).
 */
export function ipRateLimitKey(raw: string): string | undefined {
  const ip = parseIp(raw);
  if (!ip) return undefined;
  if (ip.version === 4) return ip.octets.join(".");
  return `${ip.groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}

/** 127.0.0.0/8 or ::1 (and ::ffff:127.x.x.x): this machine. */
export function isLoopbackIp(raw: string): boolean {
  const ip = parseIp(raw);
  if (!ip) return false;
  if (ip.version === 4) return ip.octets[0] === 127;
  return ip.groups.slice(0, 7).every((group) => group === 0) && ip.groups[7] === 1;
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split(".");
  // No leading zeros: "010" is octal to some parsers and decimal to others.
  const valid = parts.length === 4 && parts.every((part) => /^(0|[1-9]\d{0,2})$/.test(part));
  const octets = parts.map(Number);
  return valid && octets.every((octet) => octet <= 255) ? octets : undefined;
}

function parseIpv6(text: string): number[] | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const [before = "", after] = halves;
  const compressed = after !== undefined;
  const head = groupsOf(before, !compressed);
  const tail = compressed ? groupsOf(after, true) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (compressed ? missing < 1 : missing !== 0) return undefined;
  return [...head, ...Array<number>(missing).fill(0), ...tail];
}

/** Colon-separated hex groups; the last may be a dotted IPv4 (two groups) when it ends the address. */
function groupsOf(text: string, endsAddress: boolean): number[] | undefined {
  if (text === "") return [];
  const parts = text.split(":");
  const groups: number[] = [];
  for (const [index, part] of parts.entries()) {
    const octets = endsAddress && index === parts.length - 1 ? parseIpv4(part) : undefined;
    const [a = 0, b = 0, c = 0, d = 0] = octets ?? [];
    if (octets) groups.push((a << 8) | b, (c << 8) | d);
    else if (/^[0-9a-f]{1,4}$/.test(part)) groups.push(Number.parseInt(part, 16));
    else return undefined;
  }
  return groups;
}
