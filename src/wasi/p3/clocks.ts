// wasi:clocks@0.3 (monotonic-clock, system-clock, timezone): `wait-for` / `wait-until` are async functions, so a
// sleeping guest task returns to the event loop (a Promise of a timer) instead of blocking the thread.

/** Nanoseconds of a monotonic clock: `process.hrtime` where the host has it, else `performance.now()`. */
export function monotonicNow(): bigint {
  const p = (globalThis as { process?: { hrtime?: { bigint?: () => bigint } } }).process;
  const hr = p?.hrtime?.bigint;
  if (typeof hr === 'function') return hr();
  return BigInt(Math.round(performance.now() * 1e6));
}

/**
 * A timer that resolves after `ns` nanoseconds (timers take whole milliseconds: rounded up, never early). No wait
 * at all returns at once (not a Promise), so the guest's call completes without a round trip (ready when polled).
 */
function sleep(ns: bigint): Promise<void> | undefined {
  if (ns <= 0n) return undefined;
  const ms = Number((ns + 999_999n) / 1_000_000n);
  // setTimeout's limit is 2^31-1 ms; a longer wait is a chain of timers.
  return new Promise((resolve) => {
    const step = (left: number): void => { if (left <= 0) resolve(); else setTimeout(() => step(left - 0x7fffffff), Math.min(left, 0x7fffffff)); };
    step(ms);
  });
}

export function clocks(): Record<string, Record<string, unknown>> {
  const hasHr = typeof (globalThis as { process?: { hrtime?: { bigint?: unknown } } }).process?.hrtime?.bigint === 'function';
  return {
    // Types only (duration).
    'wasi:clocks/types': {},
    'wasi:clocks/monotonic-clock': {
      now: monotonicNow,
      getResolution: () => (hasHr ? 1n : 1000n),
      waitUntil: (when: bigint) => sleep(when - monotonicNow()),
      waitFor: (howLong: bigint) => sleep(howLong),
    },
    'wasi:clocks/system-clock': {
      now() {
        const ms = Date.now();
        return { seconds: BigInt(Math.floor(ms / 1000)), nanoseconds: (ms % 1000) * 1_000_000 };
      },
      getResolution: () => 1_000_000n,
    },
    // Deny by default: the host's time zone says where it is, so the guest sees UTC.
    'wasi:clocks/timezone': {
      ianaId: () => undefined,
      utcOffset: () => undefined,
      toDebugString: () => 'UTC',
    },
  };
}
