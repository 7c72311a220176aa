// Timing helpers for benchmarks: medians over several runs of a calibrated batch, and interleaved rounds for
// comparisons (on a shared machine a burst of load from another core skews whichever contender runs during it;
// timing every contender once per round, in rotating order, and taking per-round ratios cancels most of it).
import { cpuUsage, resourceUsage } from 'node:process';

/** Median of per-iteration nanoseconds over `runs` batches; the batch size is calibrated to ~`targetMs`. */
export function nsPerOp(fn: () => void, { runs = 7, targetMs = 40 } = {}): number {
  const n = calibrate(fn, targetMs);
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) samples.push(timeBatch(fn, n));
  return median(samples);
}

/** Calls per batch so that one batch takes about `targetMs` (at least 1). */
export function calibrate(fn: () => void, targetMs: number): number {
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    const dt = performance.now() - t0;
    if (dt >= targetMs / 4 || n >= 1 << 28) return Math.max(1, Math.ceil((n * targetMs) / Math.max(dt, 0.001)));
    n *= 4;
  }
}

/** Nanoseconds per call of one batch of `n` calls. */
export function timeBatch(fn: () => void, n: number): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  return ((performance.now() - t0) * 1e6) / n;
}

export interface InterleaveOptions {
  /** Rounds; each times every contender once. */
  rounds?: number;
  /** Target duration of one contender's batch. */
  batchMs?: number;
  /** Warm-up time per contender before calibration (lets the engine tier up every path). */
  warmupMs?: number;
  /**
   * When given, receives `faults[contender][round]`: minor page faults per call in that batch (read outside the timed
   * region). Large results are fresh allocations whose pages may or may not come from the OS; this shows how much.
   */
  faults?: number[][];
  /**
   * 'cpu' times batches on this process's CPU time (user + system, all its threads, GC included) instead of the wall
   * clock: what a call costs when the process has the cores, unaffected by other processes' load on a shared machine.
   */
  clock?: 'wall' | 'cpu';
  /**
   * 'rotate' (default): round r starts at contender r mod k, so every contender always follows the same one (its
   * heap and page-cache state then leaks into the next one's figure the same way every round). 'shuffle': a fresh
   * order each round (a fixed-seed PRNG, so runs repeat), so each contender follows every other one about equally.
   */
  order?: 'rotate' | 'shuffle';
}

/** A small fixed-seed PRNG (mulberry32): shuffled orders that repeat from run to run. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Nanoseconds per call of one batch of `n` calls, on this process's CPU time. */
export function cpuBatch(fn: () => void, n: number): number {
  const t0 = cpuUsage();
  for (let i = 0; i < n; i++) fn();
  const t = cpuUsage(t0);
  return ((t.user + t.system) * 1e3) / n;
}

/**
 * Times every contender once per round, the starting contender rotating each round (or the order shuffled), each on a batch calibrated
 * (after warm-up) to ~`batchMs`. Returns `samples[contender][round]` in ns per call.
 */
export function interleaved(fns: readonly (() => void)[], { rounds = 21, batchMs = 10, warmupMs = 30, faults, clock = 'wall', order = 'rotate' }: InterleaveOptions = {}): number[][] {
  const time = clock === 'cpu' ? cpuBatch : timeBatch;
  for (const fn of fns) {
    const end = performance.now() + warmupMs;
    do fn(); while (performance.now() < end);
  }
  const ns = fns.map((fn) => calibrate(fn, batchMs));
  const samples: number[][] = fns.map(() => []);
  if (faults) faults.splice(0, faults.length, ...fns.map(() => []));
  const k = fns.length;
  const random = prng(0x5eed);
  const seq = fns.map((_, i) => i);
  for (let r = 0; r < rounds; r++) {
    if (order === 'shuffle') {
      for (let j = k - 1; j > 0; j--) { const x = Math.floor(random() * (j + 1)); [seq[j], seq[x]] = [seq[x]!, seq[j]!]; }
    }
    for (let j = 0; j < k; j++) {
      const i = order === 'shuffle' ? seq[j]! : (r + j) % k;
      const pf0 = faults ? resourceUsage().minorPageFault : 0;
      samples[i]!.push(time(fns[i]!, ns[i]!));
      if (faults) faults[i]!.push((resourceUsage().minorPageFault - pf0) / ns[i]!);
    }
  }
  return samples;
}

/** Element-wise ratios `num[r] / den[r]` of two contenders' per-round samples. */
export function perRound(num: readonly number[], den: readonly number[]): number[] {
  return num.map((x, r) => x / den[r]!);
}

export function median(xs: readonly number[]): number {
  return quantile(xs, 0.5);
}

/** Linear-interpolated quantile (q in [0, 1]). */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (at - lo);
}

/** Median with the interquartile range and extremes of a sample set. */
export interface Spread { median: number; p25: number; p75: number; min: number; max: number; n: number }

export function spread(xs: readonly number[]): Spread {
  return { median: median(xs), p25: quantile(xs, 0.25), p75: quantile(xs, 0.75), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/**
 * Distribution-free ~95% confidence interval of the median: the order statistics k and n-1-k with
 * k = ⌊(n − 1.96√n) / 2⌋ (normal approximation to the binomial). Says whether a verdict against a limit is settled.
 */
export function medianCI(xs: readonly number[]): [number, number] {
  const s = [...xs].sort((a, b) => a - b);
  const k = Math.max(0, Math.floor((s.length - 1.96 * Math.sqrt(s.length)) / 2));
  return [s[k]!, s[s.length - 1 - k]!];
}

/** `1.02 [0.98–1.07]`: median and interquartile range with `digits` decimals. */
export function fmtSpread(s: Spread, digits = 2): string {
  return `${s.median.toFixed(digits)} [${s.p25.toFixed(digits)}–${s.p75.toFixed(digits)}]`;
}

export function fmtNs(ns: number): string {
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(1)} ns`;
}
