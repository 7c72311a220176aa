// CanonicalABI.md "Waitable State": waitables (subtasks, stream and future ends) carry at most one pending event;
// waitable sets collect them for `waitable-set.wait/poll` and for callback tasks that return WAIT.
import type { EventTuple } from './codes.js';
import { asyncTrap } from './trap.js';
import { notify } from './scheduler.js';

export class Waitable {
  private pending: (() => EventTuple) | undefined;
  /** The instance holding this waitable was poisoned (AsyncInstance): what others wait on through it must end. */
  poisoned(_cause: unknown): void {}
  wset: WaitableSet | undefined;
  hasSyncWaiter = false;

  /** A new waitable's state, for an object that serves another call (calls.ts LowerCall.reset). */
  protected clearWaitable(): void {
    this.pending = undefined;
    this.wset = undefined;
    this.hasSyncWaiter = false;
  }

  setPendingEvent(f: () => EventTuple): void {
    this.pending = f;
    notify();
  }

  hasPendingEvent(): boolean {
    return this.pending !== undefined;
  }

  getPendingEvent(): EventTuple {
    const f = this.pending!;
    this.pending = undefined;
    return f();
  }

  join(ws: WaitableSet | undefined): void {
    if (this.wset !== undefined) this.wset.remove(this);
    this.wset = ws;
    if (ws !== undefined) {
      ws.elems.push(this);
      if (this.pending !== undefined) notify();
    }
  }

  drop(): void {
    this.join(undefined);
  }
}

export class WaitableSet {
  /** Members in joining order (an array: sets are small, and a Set's hashing of fresh objects cost more). */
  readonly elems: Waitable[] = [];
  numWaiting = 0;

  remove(w: Waitable): void {
    const i = this.elems.indexOf(w);
    if (i === this.elems.length - 1) this.elems.pop(); else if (i >= 0) this.elems.splice(i, 1);
  }

  hasPendingEvent(): boolean {
    for (const w of this.elems) if (w.hasPendingEvent()) return true;
    return false;
  }

  /** The first waitable with an event (the spec picks any; insertion order keeps runs reproducible). */
  getPendingEvent(): EventTuple {
    for (const w of this.elems) if (w.hasPendingEvent()) return w.getPendingEvent();
    throw new Error('kumiki internal error: no pending event');
  }

  drop(): void {
    if (this.elems.length > 0) asyncTrap('cannot drop waitable set with members');
    if (this.numWaiting > 0) asyncTrap('cannot drop waitable set with waiters');
  }
}
