import { afterEach, describe, expect, it, vi } from "vitest";
import { peopleAt, soakSettings, stepCount } from "./settings";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the soak's settings", () => {
  it("ramps ten one-minute steps of ten more people per instance by default", () => {
    const s = soakSettings(["node", "soak"]);
    expect(stepCount(s)).toBe(10);
    expect([0, 1, 9].map((i) => peopleAt(s, i))).toEqual([10, 20, 100]);
  });

  it("takes duration and step sizes from SOAK_* variables", () => {
    vi.stubEnv("SOAK_MINUTES", "3");
    vi.stubEnv("SOAK_STEP_MINUTES", "0.5");
    vi.stubEnv("SOAK_START_PEOPLE", "4");
    vi.stubEnv("SOAK_STEP_PEOPLE", "6");
    const s = soakSettings(["node", "soak"]);
    expect(stepCount(s)).toBe(6);
    expect(peopleAt(s, 5)).toBe(34);
  });

  it("keeps the smoke run under a minute", () => {
    const s = soakSettings(["node", "soak", "--quick"]);
    expect(s.minutes).toBeLessThan(1);
    expect(stepCount(s)).toBe(2);
  });

  it.each([
    ["SOAK_MINUTES", "ten", /SOAK_MINUTES="ten": must be a number of minutes > 0/],
    ["SOAK_START_PEOPLE", "2.5", /SOAK_START_PEOPLE="2.5": must be a whole number > 0/],
    ["SOAK_STEP_MINUTES", "20", /at most SOAK_MINUTES \(10\)/],
    ["SOAK_PORT", "-1", /SOAK_PORT="-1": must be a port number/],
  ])("refuses %s=%s with a message that names it", (name, value, message) => {
    vi.stubEnv(name, value);
    expect(() => soakSettings(["node", "soak"])).toThrow(message);
  });
});
