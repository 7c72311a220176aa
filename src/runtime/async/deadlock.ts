// Deadlock (the spec suite's deadlock.wast: "deadlock detected: event loop cannot make further progress"): a wait
// that no ready work, no host activity and no JS call can end. Recognised conservatively, only where the waiting
// code blocks on its caller's stack (so no JS runs until it returns) and it waits on subtasks whose callees are
// guest tasks parked in WAIT on sets made only of such subtasks (an empty set included). Anything involving the host
// (a JS callee, a stream or future) is never called a deadlock: without stack switching that is a JSPI-needed wait.
import { currentTask, Subtask, type AsyncInstance } from './task.js';
import type { WaitableSet } from './waitables.js';
import { everyParked, type Runnable } from './scheduler.js';

/** Every member of `ws` is a subtask whose callee is stuck (`seen` breaks cycles: a cycle is stuck). */
export function setStuck(ws: WaitableSet, seen: Set<unknown>): boolean {
  if (seen.has(ws)) return true;
  seen.add(ws);
  for (const w of ws.elems) {
    if (w.hasPendingEvent() || !(w instanceof Subtask) || w.callee === undefined || !w.callee.stuck(seen)) return false;
  }
  return true;
}

export const DEADLOCK = 'deadlock detected: event loop cannot make further progress';

/**
 * The wait on `ws` can never end: its members are stuck subtasks, and nothing parked could run later (work held
 * back by backpressure or by the exclusive slot of the waiting code would run once it could suspend: JSPI needed).
 */
export function deadlocked(ws: WaitableSet, waiter: AsyncInstance): boolean {
  // Only a task the JS host called waits with nothing below it that could go on (a kumiki caller would continue
  // once its callee suspended, and might end the wait: sync-barges-in.wast).
  if (currentTask(waiter)?.fromHost !== true) return false;
  const seen = new Set<unknown>();
  if (!setStuck(ws, seen)) return false;
  // The instances whose code could change the chain (join a waitable into one of its sets): the waiter's and the
  // stuck tasks'. Parked work of other instances (left over by earlier calls) cannot reach it.
  const insts = new Set<unknown>([waiter]);
  for (const x of seen) if ((x as Runnable).inst !== undefined && typeof (x as Runnable).run === 'function') insts.add((x as Runnable).inst);
  return everyParked((r) => seen.has(r) || (r.inst !== undefined && !insts.has(r.inst)));
}
