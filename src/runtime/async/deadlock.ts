// Deadlock (the spec suite's deadlock.wast: "deadlock detected: event loop cannot make further progress"): a wait
// that no ready work, no host activity and no JS call can end. Recognised conservatively, only where the waiting
// code blocks on its caller's stack (so no JS runs until it returns) and it waits on subtasks whose callees are
// guest tasks parked in WAIT on sets made only of such subtasks (an empty set included). Anything involving the host
// (a JS callee, a stream or future) is never called a deadlock: without stack switching that is a JSPI-needed wait.
import { Subtask } from './task.js';
import type { WaitableSet } from './waitables.js';

/** Every member of `ws` is a subtask whose callee is stuck (`seen` breaks cycles: a cycle is stuck). */
export function setStuck(ws: WaitableSet, seen: Set<unknown>): boolean {
  if (seen.has(ws)) return true;
  seen.add(ws);
  for (const w of ws.elems) {
    if (w.hasPendingEvent() || !(w instanceof Subtask) || w.stuck === undefined || !w.stuck(seen)) return false;
  }
  return true;
}

export const DEADLOCK = 'deadlock detected: event loop cannot make further progress';
