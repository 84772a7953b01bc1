import { describe, expect, it } from "vitest";
import { largestPassing, type StepResult } from "./report";
import { soakSettings } from "./settings";

const s = { ...soakSettings(["node", "soak"]), p99GoalMs: 250, minSamples: 20 };

function step(index: number, p99s: number[], errors = 0, count = 100): StepResult {
  return {
    index,
    peoplePerInstance: 10 * (index + 1),
    fromSeconds: 0,
    toSeconds: 60,
    stats: p99s.map((p99, k) => ({ kind: `kind ${k}`, count, p50: 1, p99, max: p99 })),
    errors: Array.from({ length: errors }, () => ({ at: 0, kind: "kind 0", message: "x" })),
    requestsPerSecond: 1,
    statementsPerSecond: 1,
    redisCommandsPerSecond: 1,
    instanceCores: 0.1,
    generatorCores: 0.1,
    generatorDelayP99: 1,
    loadAverage: 1,
  };
}

describe("the largest step the cluster holds", () => {
  it("is the last step before the first whose any p99 reaches the goal", () => {
    const steps = [step(0, [100, 200]), step(1, [100, 249]), step(2, [250, 10]), step(3, [1, 1])];
    expect(largestPassing(steps, s)?.peoplePerInstance).toBe(20);
  });

  it("stops at a step with errors, however fast", () => {
    expect(largestPassing([step(0, [10]), step(1, [10], 1)], s)?.peoplePerInstance).toBe(10);
  });

  it("lets a kind with too few samples to have a p99 not decide", () => {
    expect(largestPassing([step(0, [900], 0, 5)], s)?.peoplePerInstance).toBe(10);
  });

  it("is none when the first step fails", () => {
    expect(largestPassing([step(0, [300]), step(1, [10])], s)).toBeUndefined();
  });
});
