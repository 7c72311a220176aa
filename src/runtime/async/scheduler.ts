// The event loop of the async runtime: parked work (callback tasks that returned YIELD or WAIT, calls held back by
// backpressure) runs from a microtask once it is ready (CanonicalABI.md Store.tick, run until nothing is ready).
// No stack switching: a parked task is stackless, so resuming it is a plain call. Every host has this.

/** Parked work: ready() says whether it can run now; run() runs it (it may park itself again). */
export interface Runnable {
  ready(): boolean;
  run(): void;
}

const parked = new Set<Runnable>();
let scheduled = false;
/** Consecutive ticks that ran something: long chains (yield loops) hand the thread to the host now and then. */
let streak = 0;

export function park(r: Runnable): void {
  parked.add(r);
  notify();
}

export function unpark(r: Runnable): void {
  parked.delete(r);
}

/** Something changed (an event, a drop, backpressure): run what became ready, soon. */
export function notify(): void {
  if (scheduled || parked.size === 0) return;
  scheduled = true;
  if (++streak > 64) {
    streak = 0;
    setTimeout(tick, 0);
  } else queueMicrotask(tick);
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

function tick(): void {
  scheduled = false;
  let ran = 0;
  while (ran < 1000 && runOneReady()) ran++;
  if (ran === 0) streak = 0;
  else if (ran === 1000) notify();
}
