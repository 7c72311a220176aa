// CanonicalABI.md "Tasks" and "Subtask State": a task is one call of a lifted function into an instance; a subtask
// is the caller's handle on a call it made with an async lower. Instance-wide async state (backpressure, the
// exclusive slot of callback/sync tasks) lives beside the instance's InstanceState.
import type { InstanceState } from '../instance-state.js';
import type { HandleTable } from '../resources.js';
import { CANCELLED_BEFORE_RETURNED, CANCELLED_BEFORE_STARTED, RETURNED, STARTED, STARTING } from './codes.js';
import { asyncTrap } from './trap.js';
import { Waitable } from './waitables.js';
import type { Runnable } from './scheduler.js';
import type { JspiState } from './jspi.js';

/**
 * CanonicalABI.md Thread: its state here; switching between threads is runtime/async/threads.ts. A thread's core
 * code runs either on a `promising` stack of its own (JSPI) or on its caller's stack.
 */
export interface Thread {
  readonly task: Task;
  /** Index in the instance's thread table (CanonicalABI.md ComponentInstance.threads). */
  index: number;
  running: boolean;
  done: boolean;
  /** Waiting: the condition it waits for; undefined while running or suspended. */
  ready: (() => boolean) | undefined;
  /** Its core code runs on a `promising` stack of its own (JSPI), so it can suspend. */
  readonly stackful: boolean;
  /** Not started yet: runs its function (thread.new-indirect). */
  start: (() => unknown) | undefined;
  /** Suspended on its own stack: resolves the Promise its Suspending import returned (the value is Cancelled). */
  wake: ((cancelled: number) => void) | undefined;
  /** Resumed while blocked on a caller's stack below the running code: the Cancelled value to return. */
  resumed: number;
  /** Parked in the scheduler while it waits. */
  waiter: Runnable | undefined;
  /** context.get/set slots (CanonicalABI.md Thread.storage). */
  storage: number[];
}

/** CanonicalABI.md Table, for threads: indices from 1, freed slots reused. */
export class ThreadTable {
  private readonly slots: (Thread | undefined)[] = [undefined];
  private readonly free: number[] = [];
  add(t: Thread): number {
    const i = this.free.pop();
    if (i !== undefined) { this.slots[i] = t; return i; }
    this.slots.push(t);
    return this.slots.length - 1;
  }
  get(i: number): Thread | undefined { return i > 0 ? this.slots[i] : undefined; }
  remove(i: number): void {
    if (this.slots[i] === undefined) return;
    this.slots[i] = undefined;
    this.free.push(i);
  }
  *values(): IterableIterator<Thread> { for (const t of this.slots) if (t !== undefined) yield t; }
}

/** CanonicalABI.md ComponentInstance: the async part (backpressure, num_waiting_to_enter, exclusive_thread). */
export class AsyncInstance {
  backpressure = 0;
  waitingToEnter = 0;
  exclusive: Task | undefined;
  /** context.get/set storage of code running outside any task (start functions, sync calls from JS). */
  storage = [0, 0];
  /** CanonicalABI.md ComponentInstance.threads. */
  readonly threads = new ThreadTable();
  /**
   * Made when the instance links a built-in that may block and the host has JSPI (runtime/async/jspi.ts): 1 while a
   * thread of the instance runs on a stack entered by `promising` (its Suspending imports may suspend), else 0.
   */
  flag: JspiState | undefined;
  /** The task of core code that runs outside any task (a synchronous export's call): owns its threads. */
  ambient: Task | undefined;
  constructor(readonly st: InstanceState, readonly table: HandleTable) {
    // A trap ends the streams and futures it holds ends of: JS (or another instance) waiting on them is told.
    st.onPoison = (cause) => { for (const x of table.live()) if (x instanceof Waitable) x.poisoned(cause); };
  }
  /** Compatibility options this instance was linked with (program/compat.ts `CompatOption`). */
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
  /** CanonicalABI.md Task.num_borrows: the borrows lowered into its arguments that are not dropped yet (the task is their scope). */
  b = 0;
  get numBorrows(): number { return this.b; }
  /** Called by the JS host (not by a kumiki lower): nothing below it on the stack can make progress for it. */
  fromHost = false;
  /** Its core code runs under `promising` (JSPI): its implicit thread can suspend. */
  stackful = false;
  /** CanonicalABI.md Task.implicit_thread (made when thread built-ins need it). */
  implicit: Thread | undefined;
  /** Threads of the task that have not returned (CanonicalABI.md Task.threads), besides the implicit one. */
  threadCount = 0;
  /** Something outside the task keeps it or its root (currentRoot, a stream argument): never reused (calls.ts). */
  pinned = false;
  /** The JS-called task whose `root` this task's is (itself, or its caller chain's first task); undefined: none. */
  rootTask: Task | undefined;
  /** Host Promises pending that hold this (root) task's `root` (rootLease): it is not reused until they settle. */
  leases = 0;
  /**
   * A JS caller's task of an async lift whose result is not a top-level `result` (calls.ts TaskRun): task.return
   * settles its Promise's state directly (calls.ts returnsNow), with Task.return's checks made first.
   */
  quick = false;
  constructor(readonly inst: AsyncInstance, readonly opts: TaskOptions, readonly name: string, private readonly onResolve: (v: { value: unknown } | undefined) => void) {}

  /**
   * The fields a finished task that nothing can reach (calls.ts TaskRun.reusable: it returned in its first run,
   * made no threads, lent nothing) holds apart from a new task's: calls.ts reuses it for the next JS call. A generated
   * async entry writes the same steps out (codegen/async-entry.ts fastPath): a change here is one there too.
   */
  protected fresh(): void {
    this.state = INITIAL;
    this.ctx = undefined;
  }

  /** CanonicalABI.md Task.needs_exclusive: sync and callback code never interleave within an instance. */
  needsExclusive(): boolean {
    return !this.opts.async || this.opts.callback !== undefined;
  }

  /** CanonicalABI.md Task.return_. */
  return(value: unknown): void {
    if (this.state === RESOLVED) asyncTrap(`${this.name}: task.return called more than once (the task already returned or was cancelled)`);
    if (this.b > 0) asyncTrap(`${this.name}: borrow handles still remain at the end of the call`);
    this.state = RESOLVED;
    this.returned(value);
  }

  /** The caller's on_resolve with the result (calls.ts settles a JS caller's Promise without a `{ value }`). */
  protected returned(value: unknown): void {
    this.onResolve({ value });
  }

  /** CanonicalABI.md Task.cancel (task.cancel). */
  cancel(): void {
    if (this.state !== CANCEL_DELIVERED) asyncTrap(`${this.name}: task.cancel called while no cancellation was delivered`);
    if (this.numBorrows > 0) asyncTrap(`${this.name}: borrow handles still remain at the end of the call`);
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
/** The thread running in `current`, when it is not the task's implicit thread. */
let thread: Thread | undefined;

/** The running thread when it is not an implicit thread of the running task. */
export function runningThread(): Thread | undefined {
  return thread;
}

/** The task of code that runs outside any task in `a` (made on first use). */
export function ambientTask(a: AsyncInstance): Task {
  return (a.ambient ??= Object.assign(new Task(a, { fnAsync: false, async: false, callback: undefined }, 'call', () => {}), { state: TASK_STARTED }));
}

/** Makes `th` the running thread (of instance `a`, whose JSPI flag becomes `flag`); undefined: none runs. */
export function setThread(th: Thread | undefined, a: AsyncInstance, flag: number): void {
  current = th?.task;
  thread = th;
  if (a.flag !== undefined) a.flag.value = flag;
}

/** Runs `f` as thread `th` (JSPI flag `flag`), then restores the running thread. */
export function enterThread(th: Thread, flag: number, f: () => unknown): unknown {
  const prev = current, prevThread = thread;
  const a = th.task.inst;
  const prevFlag = a.flag?.value ?? 0;
  current = th.task;
  thread = th;
  if (a.flag !== undefined) a.flag.value = flag;
  try {
    return f();
  } finally {
    current = prev;
    thread = prevThread;
    if (a.flag !== undefined) a.flag.value = prevFlag;
  }
}

/** The task whose core code is running, if it runs in `inst` (a sync call into another instance has none). */
export function currentTask(inst: AsyncInstance): Task | undefined {
  return current !== undefined && current.inst === inst ? current : undefined;
}

/** The root JS call of whatever task's code is running (a kumiki callee started now belongs to the same chain). */
export function currentRoot(): ((e: unknown) => void) | undefined {
  if (current === undefined) return undefined;
  // A callee or host Promise may use it after the task is over: neither the task object nor its chain's root
  // task is reused.
  current.pinned = true;
  if (current.rootTask !== undefined) current.rootTask.pinned = true;
  return current.root;
}

/** The task whose code is running (any instance), if any. */
export function runningTask(): Task | undefined {
  return current;
}

/** Runs `f` as `task`'s core code (built-ins called meanwhile see it as the current task). */
export function runAs(task: Task | undefined, f: (...a: unknown[]) => unknown, args: readonly unknown[]): unknown {
  const prev = current;
  current = task;
  // `thread` stays: a running thread counts only for its own task (threads.ts currentThread), so `task` runs as
  // its implicit thread. Its core code on a stack of its own (`promising`) may suspend: its Suspending imports are on.
  const flag = task?.inst.flag;
  // No spread for the usual arities (a callback takes 3): a spread call into wasm takes V8's generic wrapper.
  const n = args.length;
  if (flag === undefined) {
    try {
      return n === 0 ? f() : n === 1 ? f(args[0]) : n === 2 ? f(args[0], args[1]) : n === 3 ? f(args[0], args[1], args[2]) : f(...args);
    } finally {
      current = prev;
    }
  }
  const prevFlag = flag.value;
  flag.value = task!.stackful ? 1 : 0;
  try {
    return n === 0 ? f() : n === 1 ? f(args[0]) : n === 2 ? f(args[0], args[1]) : n === 3 ? f(args[0], args[1], args[2]) : f(...args);
  } finally {
    current = prev;
    flag.value = prevFlag;
  }
}

/**
 * Makes `task` the running task and gives the one it replaces, to restore with swapTask(prev) in a `finally`: runAs1
 * for a caller that makes the core call at a call site of its own (a generated async entry: codegen/async-entry.ts fastPath).
 */
export function swapTask(task: Task | undefined): Task | undefined {
  const prev = current;
  current = task;
  return prev;
}

/** runAs for `call(a)`, where the instance has no JSPI stacks (its flag is undefined): one argument, no spread. */
export function runAs1<A>(task: Task, call: (a: A) => unknown, a: A): unknown {
  const prev = current;
  current = task;
  try {
    return call(a);
  } finally {
    current = prev;
  }
}

/** A callee task as deadlock detection asks it (runtime/async/deadlock.ts); `seen` breaks cycles. */
export interface StuckCheck {
  stuck(seen: Set<unknown>): boolean;
}

/** CanonicalABI.md Subtask. */
export class Subtask extends Waitable {
  state = STARTING;
  cancellationRequested = false;
  delivered = false;
  onCancel: (() => void) | undefined;
  /** The callee when it is a task of a kumiki instance: whether it waits only on stuck guest tasks (deadlock.ts). */
  callee: StuckCheck | undefined;

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

  /** Out of its caller's table for good (subtask.drop): the object may serve another call (calls.ts LowerCall). */
  recycle(): void {}
}

export { STARTED, STARTING };
