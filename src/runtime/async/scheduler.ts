// The event loop of the async runtime: parked work (callback tasks that returned YIELD or WAIT, calls held back by
// backpressure) runs once it is ready (CanonicalABI.md Store.tick). No stack switching: a parked task is stackless,
// so resuming it is a plain call, on every host. Events wake parked work from a microtask; work that is ready again
// right after it ran (a task that keeps yielding) goes round once per macrotask, so the host's own events (I/O,
// timers, the caller's promise) interleave, and a background yielder alone does not keep a Node process alive.

/** Parked work: ready() says whether it can run now; run() runs it (it may park itself again). */
export interface Runnable {
  ready(): boolean;
  run(): void;
  /** The instance whose code it runs, where known (deadlock.ts). */
  readonly inst?: object | undefined;
  /** Taken out for good (dropParked): it will never run, so it gives back what it holds while parked. */
  abandon?(): void;
}

/** In parking order. An array, not a Set: parked work is a fresh object per call, and a Set hashing a fresh object
 *  cost more than the rest of parking it (bench/async.bench.ts); the list is short (one item per waiting task). */
const parked: Runnable[] = [];
let micro = false;
let macro = false;
/** JS calls awaiting a task (their Promise is pending): while there are some, yield rounds keep the process alive. */
let waiting = 0;

/** A JS call into a task starts (+1) or settles (-1): `await exports.run()` must not end the process at a yield. */
export function jsWaiting(delta: 1 | -1): void {
  waiting += delta;
  // A yield round scheduled before this JS call started waiting (its task parked while it started) must now keep
  // the process alive too.
  if (delta === 1 && waiting === 1) macroTimer?.ref?.();
}

/** Parks `r`; a yield (`later`) runs in the next macrotask round, anything else as soon as it is ready. */
export function park(r: Runnable, later = false): void {
  if (!parked.includes(r)) parked.push(r);
  if (later) scheduleMacro();
  else notify();
}

/**
 * Parks a callback task that just returned WAIT and gave up its instance's exclusive slot. A tick runs what is
 * ready; when this task is the only parked item and is not ready, a tick now would find nothing to run (what can
 * make it ready, an event or a join with one pending, notifies), so none is queued: a task waiting for its host's
 * Promise costs one microtask less. With others parked, they may wait for the slot it gave up: a tick as park().
 */
export function parkWaiting(r: Runnable): void {
  if (!parked.includes(r)) parked.push(r);
  if (parked.length > 1 || r.ready()) notify();
}

/** The pending yield round's timer (Node's: ref/unref). */
let macroTimer: { ref?: () => void; unref?: () => void } | undefined;

function scheduleMacro(): void {
  if (macro) return;
  macro = true;
  const t = setTimeout(() => { macro = false; macroTimer = undefined; tick(); }, 0) as unknown as { ref?: () => void; unref?: () => void };
  macroTimer = t;
  if (waiting === 0) t.unref?.();
}

export function unpark(r: Runnable): void {
  remove(r);
}

/** Takes `r` out of the parked list (false when it is not there). */
function remove(r: Runnable): boolean {
  const i = parked.indexOf(r);
  if (i < 0) return false;
  if (i === parked.length - 1) parked.pop(); else parked.splice(i, 1);
  return true;
}

/**
 * Takes every parked item `f` picks out of the list for good (a trap ended the call chain it belongs to: calls.ts
 * endChain), each told by abandon(): nothing it waits for can come any more, and a list item would keep its instance
 * alive and be scanned by every tick for ever.
 */
export function dropParked(f: (r: Runnable) => boolean): void {
  for (let i = parked.length - 1; i >= 0; i--) {
    const r = parked[i]!;
    if (!f(r)) continue;
    parked.splice(i, 1);
    r.abandon?.();
  }
}

/** Something changed (an event, a drop, backpressure): run what became ready, soon. */
export function notify(): void {
  if (micro || parked.length === 0) return;
  micro = true;
  if (held) return;
  // A reaction on a settled Promise, not queueMicrotask: Node wraps each queueMicrotask callback in an
  // AsyncResource, which cost more than the rest of an async call's round trip (bench/async.bench.ts).
  void SETTLED.then(tick);
}

const SETTLED = Promise.resolve();

let held = false;

/**
 * While a host Promise's reaction delivers its result (no core code on the stack), notify() queues no microtask:
 * release() runs what became ready at once. This saves a microtask hop per async host call.
 */
export function hold(): boolean {
  const was = held;
  held = true;
  return was;
}

export function release(was: boolean): void {
  held = was;
  if (!was && micro) tick();
}

/** Runs one ready parked item (in parking order: fair to yielders); false when nothing is ready. */
export function runOneReady(except?: Runnable): boolean {
  for (let i = 0; i < parked.length; i++) {
    const r = parked[i]!;
    if (r === except || !r.ready()) continue;
    if (i === parked.length - 1) parked.pop(); else parked.splice(i, 1);
    r.run();
    return true;
  }
  return false;
}

/** One round: every item ready now runs once (items parked again during the round wait for the next one). */
function tick(): void {
  micro = false;
  if (parked.length === 0) return;
  if (parked.length === 1) {
    // The common case (one task waiting for one event): no snapshot of the list.
    const one = parked[0]!;
    if (one.ready()) { parked.pop(); one.run(); }
  } else {
    const round = parked.slice();
    for (const r of round) {
      // Still parked (a run before it may have unparked it), and ready: take it out and run it.
      if (!r.ready() || !remove(r)) continue;
      r.run();
    }
  }
  for (const r of parked) {
    if (r.ready()) { scheduleMacro(); return; }
  }
}

/** What is parked: how many items, and whether one is ready to run (`kumiki run` waits for a command's tasks). */
export function parkedWork(): { readonly parked: number; readonly ready: boolean } {
  let ready = false;
  for (const r of parked) if (r.ready()) { ready = true; break; }
  return { parked: parked.length, ready };
}

/** Whether every parked item satisfies `f` (deadlock.ts: nothing parked could run later). */
export function everyParked(f: (r: Runnable) => boolean): boolean {
  for (const r of parked) if (!f(r)) return false;
  return true;
}
