import { percentile } from '../bench/stats';

/** Latencies and errors per call name, and the first few error messages. */
export class Recorder {
  readonly times = new Map<string, number[]>();
  readonly errors = new Map<string, number>();
  readonly samples: string[] = [];

  ok(name: string, ms: number): void {
    const list = this.times.get(name) ?? [];
    list.push(ms);
    this.times.set(name, list);
  }

  fail(name: string, message: string): void {
    this.errors.set(name, (this.errors.get(name) ?? 0) + 1);
    if (this.samples.length < 10) this.samples.push(`${name}: ${message}`);
  }

  /** Per call: count, errors and percentiles in milliseconds (one decimal). */
  summary(): Record<
    string,
    { count: number; errors: number; p50: number; p95: number; p99: number; max: number }
  > {
    const names = [...new Set([...this.times.keys(), ...this.errors.keys()])].sort();
    const round = (v: number | undefined) => Math.round((v ?? 0) * 10) / 10;
    return Object.fromEntries(
      names.map(name => {
        const t = this.times.get(name) ?? [];
        return [
          name,
          {
            count: t.length + (this.errors.get(name) ?? 0),
            errors: this.errors.get(name) ?? 0,
            p50: round(t.length ? percentile(t, 0.5) : 0),
            p95: round(t.length ? percentile(t, 0.95) : 0),
            p99: round(t.length ? percentile(t, 0.99) : 0),
            max: round(t.length ? Math.max(...t) : 0),
          },
        ];
      }),
    );
  }
}

/**
 * Records into `warmUp` until {@link PhasedRecorder.measure} is called and into `measured` after; failures
 * always count in `measured` (a run has no errors only if none happened, warm-up included).
 */
export class PhasedRecorder {
  readonly warmUp = new Recorder();
  readonly measured = new Recorder();
  private measuring = false;

  /** From now on, latencies count. */
  measure(): void {
    this.measuring = true;
  }

  ok(name: string, ms: number): void {
    (this.measuring ? this.measured : this.warmUp).ok(name, ms);
  }

  fail(name: string, message: string): void {
    this.measured.fail(name, message);
  }
}
