// The event loop of the async runtime: parked work (callback tasks that returned YIELD or WAIT, calls held back by
// backpressure) runs once it is ready (CanonicalABI.md Store.tick). No stack switching: a parked task is stackless,
// so resuming it is a plain call, on every host. Events wake parked work from a microtask; work that is ready again
// right after it ran (a task that keeps yielding) goes round once per macrotask, so the host's own events (I/O,
// timers, the caller's promise) interleave, and a background yielder alone does not keep a Node process alive.

/** Parked work: ready() says whether it can run now; run() runs it (it may park itself again). */
export interface Runnable {
  ready(): boolean;
  run(): void;
}

const parked = new Set<Runnable>();
let micro = false;
let macro = false;
/** JS calls awaiting a task (their Promise is pending): while there are some, yield rounds keep the process alive. */
let waiting = 0;

/** A JS call into a task starts (+1) or settles (-1): `await exports.run()` must not end the process at a yield. */
export function jsWaiting(delta: 1 | -1): void {
  waiting += delta;
}

/** Parks `r`; a yield (`later`) runs in the next macrotask round, anything else as soon as it is ready. */
export function park(r: Runnable, later = false): void {
  parked.add(r);
  if (later) scheduleMacro();
  else notify();
}

function scheduleMacro(): void {
  if (macro) return;
  macro = true;
  const t = setTimeout(() => { macro = false; tick(); }, 0) as unknown as { unref?: () => void };
  if (waiting === 0) t.unref?.();
}

export function unpark(r: Runnable): void {
  parked.delete(r);
}

/** Something changed (an event, a drop, backpressure): run what became ready, soon. */
export function notify(): void {
  if (micro || parked.size === 0) return;
  micro = true;
  queueMicrotask(tick);
}

/** Runs one ready parked item (in parking order: fair to yielders); false when nothing is ready. */
export function runOneReady(except?: Runnable): boolean {
  for (const r of parked) {
    if (r === except || !r.ready()) continue;
    parked.delete(r);
    r.run();
    return true;
  }
  return false;
}

/** One round: every item ready now runs once (items parked again during the round wait for the next one). */
function tick(): void {
  micro = false;
  const round = [...parked];
  for (const r of round) {
    if (!parked.has(r) || !r.ready()) continue;
    parked.delete(r);
    r.run();
  }
  for (const r of parked) {
    if (r.ready()) { scheduleMacro(); return; }
  }
}
