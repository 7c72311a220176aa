// Blocking (CanonicalABI.md Thread.wait_until): the running thread waits until `ready()`. On a stack of its own
// (JSPI) it suspends: the built-in returns a Promise to its Suspending import. On its caller's stack, other threads
// and ready stackless work run meanwhile, nested (runtime/async/threads.ts blockOnStack); a task whose function type
// is sync may not block past that (a trap), an async one that nothing here can unblock needs JSPI.
import { currentTask, type AsyncInstance } from './task.js';
import { asyncTrap, SYNC_BLOCK } from './trap.js';
import { blockThread, currentThread } from './threads.js';

/**
 * Blocks the running core code until `ready()`, then runs `then` (its result is the built-in's): at once when it
 * did not have to suspend, else a Promise of it (only where the running thread's stack can suspend, and
 * `canSuspend`: false when JS frames of an adapter are on the stack above it). `stuck`: true when what it
 * waits for can never happen (deadlock.ts), then a wait that cannot suspend traps as the spec's deadlock.
 */
export function block<R>(a: AsyncInstance, ready: () => boolean, name: string, then: () => R, canSuspend = true, stuck?: () => boolean): R | Promise<R> {
  if (ready()) return then();
  const t = currentTask(a);
  // A synchronous task with no threads of its own to switch to traps at once (CanonicalABI.md canon_lift).
  if ((t === undefined || !t.opts.fnAsync) && a.threads.values().next().done === true) asyncTrap(SYNC_BLOCK);
  const r = blockThread(currentThread(a), ready, undefined, name, canSuspend, stuck);
  return r instanceof Promise ? r.then(then) : then();
}
