import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// A full collection on demand without a vitest config flag: expose gc to a fresh context.
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

export interface MemorySample {
  atSeconds: number;
  heapUsedMb: number;
  rssMb: number;
}

/** Memory after a full collection (twice: the first may only queue finalizers). */
export function sampleMemory(startedAt: number): MemorySample {
  collect();
  collect();
  const { heapUsed, rss } = process.memoryUsage();
  return {
    atSeconds: Math.round((performance.now() - startedAt) / 100) / 10,
    heapUsedMb: Math.round(heapUsed / 1e5) / 10,
    rssMb: Math.round(rss / 1e5) / 10,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Medians of the first and the last third of the samples taken after warm-up. */
export function firstAndLastThird(values: number[]): { first: number; last: number } {
  const third = Math.max(1, Math.floor(values.length / 3));
  return { first: median(values.slice(0, third)), last: median(values.slice(-third)) };
}
