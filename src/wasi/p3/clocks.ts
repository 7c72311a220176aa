// wasi:clocks@0.3 (monotonic-clock, system-clock, timezone): `wait-for` / `wait-until` are async functions, so a
// sleeping guest task returns to the event loop (a Promise of a timer) instead of blocking the thread.

/** Nanoseconds of a monotonic clock: `process.hrtime` where the host has it, else `performance.now()`. */
export function monotonicNow(): bigint {
  const p = (globalThis as { process?: { hrtime?: { bigint?: () => bigint } } }).process;
  const hr = p?.hrtime?.bigint;
  if (typeof hr === 'function') return hr();
  return BigInt(Math.round(performance.now() * 1e6));
}

/** Nanoseconds since the epoch of the wall clock (file times set to `now`, an in-memory file's times). */
export function systemNowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}

/**
 * A timer that resolves once the monotonic clock reaches `deadline` (nanoseconds), never early: timers take whole
 * milliseconds from the event loop's cached time, which can be up to a millisecond behind, so a timer that fires
 * before the deadline is followed by another for what is left. A deadline already passed returns at once (not a
 * Promise), so the guest's call completes without a round trip (ready when polled).
 */
function sleepUntil(deadline: bigint): Promise<void> | undefined {
  if (deadline - monotonicNow() <= 0n) return undefined;
  return new Promise((resolve) => {
    const step = (): void => {
      const left = deadline - monotonicNow();
      if (left <= 0n) { resolve(); return; }
      // setTimeout's limit is 2^31-1 ms; a longer wait is a chain of timers.
      setTimeout(step, Math.min(Number((left + 999_999n) / 1_000_000n), 0x7fffffff));
    };
    step();
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
      waitUntil: (when: bigint) => sleepUntil(when),
      waitFor: (howLong: bigint) => (howLong <= 0n ? undefined : sleepUntil(monotonicNow() + howLong)),
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
