// CanonicalABI.md "Tasks" and "Subtask State": a task is one call of a lifted function into an instance; a subtask
// is the caller's handle on a call it made with an async lower. Instance-wide async state (backpressure, the
// exclusive slot of callback/sync tasks) lives beside the instance's InstanceState.
import type { InstanceState } from '../instance-state.js';
import type { HandleTable } from '../resources.js';
import { CANCELLED_BEFORE_RETURNED, CANCELLED_BEFORE_STARTED, RETURNED, STARTED, STARTING } from './codes.js';
import { asyncTrap } from './trap.js';
import { Waitable } from './waitables.js';

/** CanonicalABI.md ComponentInstance: the async part (backpressure, num_waiting_to_enter, exclusive_thread). */
export class AsyncInstance {
  backpressure = 0;
  waitingToEnter = 0;
  exclusive: Task | undefined;
  /** context.get/set storage of code running outside any task (start functions, sync calls from JS). */
  storage = [0, 0];
  constructor(readonly st: InstanceState, readonly table: HandleTable) {}
  /** Compatibility options this instance was linked with (link/async-backend.ts `CompatOption`). */
  get compat(): { readonly syncCancelInSet: boolean } {
    return { syncCancelInSet: SYNC_CANCEL_IN_SET.has(this.st) };
  }
}

/** Instances linked with the 'sync-cancel-in-set' compatibility option (entries/async.ts `withCompat`). */
const SYNC_CANCEL_IN_SET = new WeakSet<InstanceState>();
export function allowSyncCancelInSet(st: InstanceState): void { SYNC_CANCEL_IN_SET.add(st); }

const INSTANCES = new WeakMap<InstanceState, AsyncInstance>();

/** The async state of an instance (made on first use). */
export function asyncInstance(st: InstanceState, table: HandleTable): AsyncInstance {
  let a = INSTANCES.get(st);
  if (a === undefined) { a = new AsyncInstance(st, table); INSTANCES.set(st, a); }
  return a;
}

export const INITIAL = 1, TASK_STARTED = 2, PENDING_CANCEL = 3, CANCEL_DELIVERED = 4, RESOLVED = 5;

/** Options of the canon lift that made a task. */
export interface TaskOptions {
  /** The function type is `async`. */
  readonly fnAsync: boolean;
  /** The `async` canon option. */
  readonly async: boolean;
  /** The `callback` function (stackless lift). */
  readonly callback: ((code: number, index: number, payload: number) => number) | undefined;
}

export class Task {
  state = INITIAL;
  /** The JS call at the root of this task's call chain: a trap in the task ends it (its Promise rejects). */
  root: ((e: unknown) => void) | undefined;
  private ctx: number[] | undefined;
  /** context.get/set slots (made on first use: most tasks never touch them). */
  get storage(): number[] { return (this.ctx ??= [0, 0]); }
  /** CanonicalABI.md Task.num_borrows: borrows lowered into this task's arguments and not yet dropped. */
  readonly borrows = { b: 0 };
  constructor(readonly inst: AsyncInstance, readonly opts: TaskOptions, readonly name: string, private readonly onResolve: (v: { value: unknown } | undefined) => void) {}

  /** CanonicalABI.md Task.needs_exclusive: sync and callback code never interleave within an instance. */
  needsExclusive(): boolean {
    return !this.opts.async || this.opts.callback !== undefined;
  }

  /** CanonicalABI.md Task.return_. */
  return(value: unknown): void {
    if (this.state === RESOLVED) asyncTrap(`${this.name}: task.return called more than once (the task already returned or was cancelled)`);
    if (this.borrows.b > 0) asyncTrap(`${this.name}: borrow handles still remain at the end of the call`);
    this.state = RESOLVED;
    this.onResolve({ value });
  }

  /** CanonicalABI.md Task.cancel (task.cancel). */
  cancel(): void {
    if (this.state !== CANCEL_DELIVERED) asyncTrap(`${this.name}: task.cancel called while no cancellation was delivered`);
    if (this.borrows.b > 0) asyncTrap(`${this.name}: borrow handles still remain at the end of the call`);
    this.state = RESOLVED;
    this.onResolve(undefined);
  }

  /** CanonicalABI.md Task.deliver_pending_cancel. */
  deliverPendingCancel(cancellable: boolean): boolean {
    if (cancellable && this.state === PENDING_CANCEL) { this.state = CANCEL_DELIVERED; return true; }
    return false;
  }
}

let current: Task | undefined;

/** The task whose core code is running, if it runs in `inst` (a sync call into another instance has none). */
export function currentTask(inst: AsyncInstance): Task | undefined {
  return current !== undefined && current.inst === inst ? current : undefined;
}

/** The root JS call of whatever task's code is running (a kumiki callee started now belongs to the same chain). */
export function currentRoot(): ((e: unknown) => void) | undefined {
  return current?.root;
}

/** Runs `f` as `task`'s core code (built-ins called meanwhile see it as the current task). */
export function runAs(task: Task | undefined, f: (...a: unknown[]) => unknown, args: readonly unknown[]): unknown {
  const prev = current;
  current = task;
  try {
    return args.length === 0 ? f() : args.length === 1 ? f(args[0]) : args.length === 2 ? f(args[0], args[1]) : f(...args);
  } finally {
    current = prev;
  }
}

/** CanonicalABI.md Subtask. */
export class Subtask extends Waitable {
  state = STARTING;
  cancellationRequested = false;
  delivered = false;
  onCancel: (() => void) | undefined;

  resolved(): boolean {
    return this.state === RETURNED || this.state === CANCELLED_BEFORE_STARTED || this.state === CANCELLED_BEFORE_RETURNED;
  }

  started(): void {
    if (this.state === STARTING) this.state = STARTED;
  }

  override drop(): void {
    if (!this.delivered) asyncTrap('cannot drop a subtask which has not yet resolved');
    super.drop();
  }
}

export { STARTED, STARTING };
