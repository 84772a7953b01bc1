/** Every request the simulated people sent: when, what kind, how long, and what went wrong. */
export interface Sample {
  kind: string;
  /** ms since the run started, when the request was sent. */
  at: number;
  ms: number;
}

export interface SoakError {
  at: number;
  kind: string;
  message: string;
}

export interface KindStats {
  kind: string;
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return (
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
  );
}

export class Recorder {
  readonly samples: Sample[] = [];
  readonly errors: SoakError[] = [];
  private readonly started = performance.now();

  now(): number {
    return performance.now() - this.started;
  }

  /** Times `task` as one request of `kind`; a throw is an error of that kind (and is swallowed). */
  async time<T>(kind: string, task: () => Promise<T>): Promise<T | undefined> {
    const at = this.now();
    try {
      const result = await task();
      this.samples.push({ kind, at, ms: this.now() - at });
      return result;
    } catch (error) {
      this.error(kind, error);
      return undefined;
    }
  }

  /** A latency measured elsewhere (a write heard on the feed). */
  add(kind: string, at: number, ms: number): void {
    this.samples.push({ kind, at, ms });
  }

  error(kind: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.errors.push({ at: this.now(), kind, message });
    // The first few are printed as they happen; the report counts all of them.
    if (this.errors.length <= 10) console.error(`  error (${kind}): ${message}`);
  }

  /** p50/p99 per kind over the samples sent in [from, to). */
  stats(from = 0, to = Number.POSITIVE_INFINITY): KindStats[] {
    const byKind = new Map<string, number[]>();
    for (const s of this.samples) {
      if (s.at < from || s.at >= to) continue;
      const list = byKind.get(s.kind) ?? [];
      list.push(s.ms);
      byKind.set(s.kind, list);
    }
    return [...byKind]
      .map(([kind, list]) => {
        const sorted = list.sort((a, b) => a - b);
        return {
          kind,
          count: sorted.length,
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          max: sorted.at(-1) ?? Number.NaN,
        };
      })
      .sort((a, b) => a.kind.localeCompare(b.kind));
  }

  errorsIn(from = 0, to = Number.POSITIVE_INFINITY): SoakError[] {
    return this.errors.filter((e) => e.at >= from && e.at < to);
  }
}
