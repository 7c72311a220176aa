// Timing helpers for benchmarks: medians over several runs of a calibrated batch.

/** Median of per-iteration nanoseconds over `runs` batches; the batch size is calibrated to ~`targetMs`. */
export function nsPerOp(fn: () => void, { runs = 7, targetMs = 40 } = {}): number {
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    const dt = performance.now() - t0;
    if (dt >= targetMs / 4 || n >= 1 << 28) { n = Math.max(1, Math.ceil((n * targetMs) / Math.max(dt, 0.001))); break; }
    n *= 4;
  }
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    samples.push(((performance.now() - t0) * 1e6) / n);
  }
  return median(samples);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function fmtNs(ns: number): string {
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(1)} ns`;
}
