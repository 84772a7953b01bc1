import { isIP } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ipRateLimitKey, isLoopbackIp, parseIp } from "./ip";

describe("ipRateLimitKey", () => {
  it("keys IPv4 per address", () => {
    expect(ipRateLimitKey("198.51.100.7")).toBe("198.51.100.7");
    expect(ipRateLimitKey(" 198.51.100.7 ")).toBe("198.51.100.7");
    expect(ipRateLimitKey("198.51.100.7:51234")).toBe("198.51.100.7");
  });

  it("keys IPv6 per /64, whatever its spelling", () => {
    const key = "2001:db8:1:2::/64";
    for (const form of [
      "2001:db8:1:2::1",
      "2001:db8:1:2:ffff:ffff:ffff:ffff",
      "2001:0db8:0001:0002:0000:0000:0000:0001",
      "2001:DB8:1:2::A",
      "[2001:db8:1:2::1]",
      "[2001:db8:1:2::1]:443",
      "2001:db8:1:2::1%eth0",
      "2001:db8:1:2:0:0:1.2.3.4",
    ]) {
      expect(ipRateLimitKey(form), form).toBe(key);
    }
    expect(ipRateLimitKey("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(ipRateLimitKey("::1")).toBe("0:0:0:0::/64");
  });

  it("reads an IPv4-mapped IPv6 address as the IPv4 address", () => {
    expect(ipRateLimitKey("::ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(ipRateLimitKey("::FFFF:c633:6407")).toBe("198.51.100.7");
    expect(ipRateLimitKey("0:0:0:0:0:ffff:198.51.100.7")).toBe("198.51.100.7");
    expect(ipRateLimitKey("[::ffff:198.51.100.7]:80")).toBe("198.51.100.7");
  });

  it("refuses what is not an address", () => {
    for (const junk of [
      "",
      "unknown",
      "1.2.3",
      "1.2.3.4.5",
      "256.1.1.1",
      "01.2.3.4",
      "1:2:3:4:5:6:7:8:9",
      "1::2::3",
      ":1",
      "1:2:3:4:5:6:7::8",
      "12345::",
      "1.2.3.4::",
      "::1.2.3.4:5",
      "[1.2.3.4]x",
      "example.com",
    ]) {
      expect(ipRateLimitKey(junk), junk).toBeUndefined();
    }
  });

  it("parses exactly what Node's isIP accepts, in every form fast-check can write", () => {
    const address = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), fc.string());
    fc.assert(
      fc.property(address, (raw) => {
        expect(parseIp(raw) !== undefined).toBe(isIP(raw) !== 0);
      }),
      { numRuns: 5000 },
    );
  });
});

describe("isLoopbackIp", () => {
  it("knows this machine in every spelling and nothing else", () => {
    for (const ip of [
      "127.0.0.1",
      "127.1.2.3",
      "::1",
      "[::1]:3000",
      "::ffff:127.0.0.1",
      "0:0:0:0:0:0:0:1",
    ]) {
      expect(isLoopbackIp(ip), ip).toBe(true);
    }
    for (const ip of ["10.0.0.1", "::", "::2", "192.0.2.1", "::ffff:10.0.0.1", "localhost", ""]) {
      expect(isLoopbackIp(ip), ip).toBe(false);
    }
  });
});
