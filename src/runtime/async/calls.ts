// CanonicalABI.md "canon lift" (async, callback) and "canon lower" (async): the call protocol between an async
// lower and an async lift, on the event loop. Values cross through ordinary (synchronous) adapter plans: the
// lift's argument plan lowers JS values into the callee, task.return's plan lifts the result out of it, the lower's
// argument plan lifts the caller's values and its result plan stores the result at the caller's pointer.
import { ComponentError, Trap, UnsupportedError } from '../../errors.js';
import {
  CALLBACK_EXIT, CALLBACK_WAIT, CALLBACK_YIELD, CANCELLED_BEFORE_RETURNED, CANCELLED_BEFORE_STARTED, EVENT_NONE, EVENT_SUBTASK,
  EVENT_TASK_CANCELLED, RETURNED, type EventTuple,
} from './codes.js';
import { jsWaiting, park, unpark, type Runnable } from './scheduler.js';
import { CANCEL_DELIVERED, INITIAL, PENDING_CANCEL, RESOLVED, Subtask, Task, TASK_STARTED, currentRoot, runAs, type AsyncInstance, type TaskOptions } from './task.js';
import { asyncTrap, checkEnter, poison } from './trap.js';
import { WaitableSet } from './waitables.js';
import { block } from './block.js';
import { NO_PAYLOAD, payloadOf } from '../glue/index.js';
import type { BorrowScope, InstanceState } from '../instance-state.js';
import type { HandleTable } from '../resources.js';
import { asyncInstance } from './task.js';

type Fn = (...args: never[]) => unknown;

/** How a caller (an async or sync lower in kumiki) follows a call it made into an async lift. */
export interface CallerHooks {
  /** Set by the callee when it took these hooks (a plain JS callee never does). */
  taken: boolean;
  readonly caller: AsyncInstance;
  onStart(): void;
  /** The result (`{ value }`), or undefined when the call was cancelled. */
  onResolve(r: Resolution | undefined): void;
  /** Set by the callee: requests cancellation (CanonicalABI.md OnCancel). */
  cancel?: () => void;
}

/** A call's outcome: its value, or (`thrown`) the error a top-level `result`'s `err` is thrown as in JS. */
export interface Resolution { readonly value: unknown; readonly thrown?: boolean }

let pendingCaller: CallerHooks | undefined;

/** Calls `callee` with `hooks` offered to it (an async lift takes them; anything else ignores them). */
function callWith(callee: Fn, args: readonly unknown[], hooks: CallerHooks): unknown {
  pendingCaller = hooks;
  try {
    return (callee as (...a: unknown[]) => unknown)(...args);
  } finally {
    pendingCaller = undefined;
  }
}

/**
 * A trap in a task rejects the Promise of the JS call at the root of its call chain. A task whose root call has
 * already settled (it returned, then kept running) leaves the trap in its poisoned instance, which every later
 * call reports.
 */
function trapRoot(root: ((e: unknown) => void) | undefined, e: unknown): void {
  root?.(e);
}

/** What an async lift adapter closes over. */
export interface LiftAsyncEnv {
  readonly inst: AsyncInstance;
  readonly name: string;
  readonly opts: TaskOptions;
  /** The core function. */
  readonly core: Fn;
  /** Lowers the JS arguments into the callee (a synchronous lift plan without a result): the flat core arguments. */
  readonly lowerArgs: (args: readonly unknown[], borrows: BorrowScope) => unknown[];
  /** The result type is a `result<T, E>`: task.return's `{ tag, val }` is T, or E thrown as a ComponentError (DESIGN.md §4). */
  readonly throwsResult: boolean;
}

/** A top-level `result`'s variant as JS sees it: `ok` is its value, `err` a thrown ComponentError (as sync exports). */
function resultResolution(r: Resolution | undefined): Resolution | undefined {
  if (r === undefined) return r;
  const v = r.value as { tag: 'ok' | 'err'; val: unknown };
  return v.tag === 'err' ? { value: new ComponentError(v.val), thrown: true } : { value: v.val };
}

/**
 * A call into an async-lifted export (CanonicalABI.md canon_lift with `async`). From JS: a Promise of the result.
 * From a kumiki lower: the caller's hooks follow the task (started, resolved, cancelled) synchronously.
 */
export function liftAsync(env: LiftAsyncEnv, args: readonly unknown[]): unknown {
  const hooks = pendingCaller;
  pendingCaller = undefined;
  if (hooks !== undefined) {
    hooks.taken = true;
    startTask(env, args, env.throwsResult ? (r) => hooks.onResolve(resultResolution(r)) : hooks.onResolve, hooks, currentRoot());
    return undefined;
  }
  jsWaiting(1);
  return new Promise((resolve0, reject0) => {
    let settled = false;
    const settle = (): boolean => { if (settled) return false; settled = true; jsWaiting(-1); return true; };
    const resolve = (v: unknown): void => { if (settle()) resolve0(v); };
    const reject = (e: unknown): void => { if (settle()) reject0(e); };
    const done = (r0: Resolution | undefined): void => {
      const r = env.throwsResult ? resultResolution(r0) : r0;
      if (r === undefined) reject(new Error(`${env.name}: the call was cancelled`));
      else if (r.thrown === true) reject(r.value);
      else resolve(r.value);
    };
    try {
      startTask(env, args, done, undefined, reject);
    } catch (e) {
      reject(e);
    }
  });
}

class TaskRun implements Runnable {
  /** What the task waits for: entry (backpressure), a yield, or an event in a waitable set. */
  mode: 'enter' | 'yield' | 'wait' = 'enter';
  /** Parked after returning YIELD or WAIT to the callback loop. */
  parked = false;
  ws: WaitableSet | undefined;
  constructor(readonly env: LiftAsyncEnv, readonly task: Task, readonly args: readonly unknown[], readonly hooks: CallerHooks | undefined) {}

  private hasBackpressure(): boolean {
    const i = this.env.inst;
    return i.backpressure > 0 || (this.task.needsExclusive() && i.exclusive !== undefined);
  }

  ready(): boolean {
    const t = this.task;
    if (this.mode === 'enter') return t.state === CANCEL_DELIVERED || !this.hasBackpressure();
    if (this.env.inst.exclusive !== undefined) return false;
    if (this.mode === 'yield') return true;
    return t.state === PENDING_CANCEL || this.ws!.hasPendingEvent();
  }

  run(): void {
    guard(this.task.root, () => {
      if (this.mode === 'enter') {
        this.env.inst.waitingToEnter--;
        if (this.task.state === CANCEL_DELIVERED) { this.task.cancel(); return; }
        this.start();
        return;
      }
      this.parked = false;
      let ev: EventTuple;
      if (this.mode === 'yield') ev = this.task.deliverPendingCancel(true) ? [EVENT_TASK_CANCELLED, 0, 0] : [EVENT_NONE, 0, 0];
      else {
        this.ws!.numWaiting--;
        ev = this.task.deliverPendingCancel(true) ? [EVENT_TASK_CANCELLED, 0, 0] : this.ws!.getPendingEvent();
      }
      this.env.inst.exclusive = this.task;
      const cb = this.env.opts.callback!;
      this.loop(this.core(cb as (...a: unknown[]) => unknown, ev) as number);
    });
  }

  start(): void {
    const { env, task } = this;
    task.state = TASK_STARTED;
    this.hooks?.onStart();
    const flat = env.lowerArgs(this.args, task.borrows);
    if (task.needsExclusive()) env.inst.exclusive = task;
    const r = this.core(env.core as (...a: unknown[]) => unknown, flat);
    if (env.opts.callback === undefined) {
      // Stackful without blocking: the core function returned; it must have called task.return.
      env.inst.exclusive = undefined;
      this.exit();
      return;
    }
    this.loop(r as number);
  }

  /** Runs core code as this task; a failure poisons the instance (and frees its exclusive slot). */
  core(f: (...a: unknown[]) => unknown, args: readonly unknown[]): unknown {
    try {
      return runAs(this.task, f, args);
    } catch (e) {
      this.env.inst.exclusive = undefined;
      throw poison(this.env.inst.st, this.env.name, e);
    }
  }

  /** CanonicalABI.md canon_lift: the callback loop, one step (the rest runs when the task is ready again). */
  loop(packed: number): void {
    const { env } = this;
    const code = packed & 0xf;
    env.inst.exclusive = undefined;
    if (code === CALLBACK_EXIT) { this.exit(); return; }
    if (code === CALLBACK_YIELD) { this.mode = 'yield'; this.parked = true; park(this, true); return; }
    if (code === CALLBACK_WAIT) {
      const ws = env.inst.table.get(packed >>> 4, `${env.name}: callback WAIT`) as unknown;
      if (!(ws instanceof WaitableSet)) asyncTrap(`${env.name}: callback WAIT: handle ${packed >>> 4} is not a waitable set`);
      ws.numWaiting++;
      this.ws = ws;
      this.mode = 'wait';
      this.parked = true;
      park(this);
      return;
    }
    throw poison(env.inst.st, env.name, new Trap('unsupported callback code'));
  }

  exit(): void {
    if (this.task.state !== RESOLVED) throw poison(this.env.inst.st, this.env.name, new Trap(`${this.env.name}: the task exited without calling task.return or task.cancel`));
  }

  /** CanonicalABI.md Task.request_cancellation. */
  cancel(): void {
    const t = this.task;
    if (t.state === INITIAL) {
      t.state = CANCEL_DELIVERED;
      unpark(this);
      this.env.inst.waitingToEnter--;
      t.cancel();
      return;
    }
    if (t.state !== TASK_STARTED) return;
    if (this.parked && this.env.inst.exclusive === undefined) {
      // Parked in YIELD or WAIT (cancellable): TASK_CANCELLED is delivered now, before subtask.cancel returns.
      t.state = CANCEL_DELIVERED;
      unpark(this);
      this.parked = false;
      if (this.mode === 'wait') this.ws!.numWaiting--;
      this.env.inst.exclusive = t;
      const cb = this.env.opts.callback!;
      this.loop(this.core(cb as (...a: unknown[]) => unknown, [EVENT_TASK_CANCELLED, 0, 0]) as number);
      return;
    }
    // Delivered at the task's next wait or yield.
    t.state = PENDING_CANCEL;
  }
}

/** A trap while parked work runs ends the JS call at the root of its chain. */
function guard(root: ((e: unknown) => void) | undefined, f: () => void): void {
  try {
    f();
  } catch (e) {
    trapRoot(root, e);
  }
}

function startTask(env: LiftAsyncEnv, args: readonly unknown[], onResolve: (r: { value: unknown } | undefined) => void, hooks: CallerHooks | undefined, root: ((e: unknown) => void) | undefined): void {
  checkEnter(env.inst.st, env.name);
  const task = new Task(env.inst, env.opts, env.name, onResolve);
  task.root = root;
  const run = new TaskRun(env, task, args, hooks);
  if (hooks !== undefined) hooks.cancel = () => run.cancel();
  const i = env.inst;
  if (env.opts.fnAsync && (i.backpressure > 0 || (task.needsExclusive() && i.exclusive !== undefined) || i.waitingToEnter > 0)) {
    i.waitingToEnter++;
    park(run);
    return;
  }
  run.start();
}

/** What an async lower closes over. */
export interface LowerAsyncEnv {
  readonly inst: AsyncInstance;
  readonly name: string;
  readonly callee: Fn;
  /** Lifts the caller's flat arguments (a synchronous lower plan without a result): the JS arguments. */
  readonly liftArgs: (flat: readonly unknown[]) => unknown[];
  /** Stores a result at the caller's pointer (a synchronous lower plan whose result goes to memory). */
  /** `thrown`: the host function's Promise rejected with `value` (a `result` error payload, DESIGN.md §4). */
  readonly storeResult: ((value: unknown, ptr: unknown, thrown?: boolean) => void) | undefined;
}

/** CanonicalABI.md canon_lower with `async`: the core function the guest calls. Returns the packed subtask state. */
export function lowerAsync(env: LowerAsyncEnv, flat: readonly unknown[]): number {
  const hasResult = env.storeResult !== undefined;
  const retptr = hasResult ? flat[flat.length - 1] : undefined;
  const args = env.liftArgs(hasResult ? flat.slice(0, -1) : flat);
  const sub = new Subtask();
  let index = 0;
  const progress = (): void => {
    if (index === 0) return;
    sub.setPendingEvent(() => {
      if (sub.resolved()) sub.delivered = true;
      return [EVENT_SUBTASK, index, sub.state];
    });
  };
  const hooks: CallerHooks = {
    taken: false,
    caller: env.inst,
    onStart() { sub.started(); progress(); },
    onResolve(r) {
      if (r === undefined) sub.state = sub.state === 0 ? CANCELLED_BEFORE_STARTED : CANCELLED_BEFORE_RETURNED;
      else {
        if (hasResult) env.storeResult!(r.value, retptr, r.thrown);
        sub.state = RETURNED;
      }
      progress();
    },
  };
  const r = callWith(env.callee, args, hooks);
  if (!hooks.taken) {
    // A JS function: a Promise is a call that returns later; anything else returned now.
    hooks.onStart();
    if (isThenable(r)) {
      const root = currentRoot();
      r.then((v) => guard(root, () => hooks.onResolve({ value: v })), (e) => {
        // A rejection carrying an error payload is the `err` of a `result` (as a sync host import's throw is).
        if (hasResult && payloadOf(e) !== NO_PAYLOAD) {
          guard(root, () => { env.storeResult!(e, retptr, true); sub.state = RETURNED; progress(); });
          return;
        }
        trapRoot(root, e instanceof Error ? e : new Trap(`${env.name}: the host function failed: ${String(e)}`));
      });
    } else hooks.onResolve({ value: r });
  }
  sub.onCancel = hooks.cancel;
  if (sub.resolved()) {
    sub.delivered = true;
    return RETURNED;
  }
  index = env.inst.table.add(sub as never);
  return sub.state | (index << 4);
}

/**
 * A synchronous lower of an async function (CanonicalABI.md canon_lower without `async`): the callee must finish
 * before the caller continues. Without stack switching, a callee that does not finish at once cannot be waited for:
 * a task whose function type is sync traps as the spec says; an async one needs JSPI.
 */
export function syncCallOfAsync(callee: Fn, inst: AsyncInstance, name: string): Fn {
  return ((...args: unknown[]) => {
    let result: Resolution | undefined;
    let resolved = false;
    const hooks: CallerHooks = { taken: false, caller: inst, onStart() {}, onResolve(r) { resolved = true; result = r; } };
    const r = callWith(callee, args, hooks);
    if (!hooks.taken) {
      // A host function's Promise cannot be waited for inside a synchronous call without suspending the caller.
      if (isThenable(r)) throw new UnsupportedError(`${name}: the host function returned a Promise to a synchronous call of an async function, which must block its caller until it settles: that needs JSPI (WebAssembly.Suspending), not available here`);
      return r;
    }
    if (!resolved) block(inst, () => resolved, name);
    if (result === undefined) asyncTrap(`${name}: the call was cancelled`);
    if (result.thrown === true) throw result.value;
    return result.value;
  }) as Fn;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}

/**
 * An async function type lifted without `async` (CanonicalABI.md canon_lift, `not opts.async_`): the core function
 * runs to its end as one task, which may block (waitable-set.wait, synchronous calls and copies: other ready work
 * runs meanwhile). It enters under backpressure like any async-typed call and holds the instance's exclusive slot.
 * JS gets a Promise; a kumiki async lower follows it through its hooks.
 */
export function syncLiftOfAsync(fn: AdapterFnLike, st: InstanceState, table: HandleTable, name: string): AdapterFnLike {
  const inst = asyncInstance(st, table);
  const opts: TaskOptions = { fnAsync: true, async: false, callback: undefined };
  return (...args: unknown[]) => {
    const hooks = pendingCaller;
    pendingCaller = undefined;
    const call = (onResolve: (r: { value: unknown } | undefined) => void, root: ((e: unknown) => void) | undefined): void => {
      checkEnter(st, name);
      const task = new Task(inst, opts, name, onResolve);
      task.root = root;
      const start = (): void => {
        task.state = TASK_STARTED;
        hooks?.onStart();
        inst.exclusive = task;
        let v: unknown;
        try {
          v = runAs(task, fn, args);
        } finally {
          inst.exclusive = undefined;
        }
        task.return(v);
      };
      if (inst.backpressure > 0 || inst.exclusive !== undefined || inst.waitingToEnter > 0) {
        inst.waitingToEnter++;
        const r: Runnable = {
          ready: () => inst.backpressure === 0 && inst.exclusive === undefined,
          run: () => { inst.waitingToEnter--; guard(root, start); },
        };
        if (hooks !== undefined) hooks.cancel = () => { unpark(r); inst.waitingToEnter--; task.state = CANCEL_DELIVERED; task.cancel(); };
        park(r);
        return;
      }
      start();
    };
    if (hooks !== undefined) {
      hooks.taken = true;
      call(hooks.onResolve, currentRoot());
      return undefined;
    }
    return new Promise((resolve, reject) => {
      try {
        call((r) => { if (r === undefined) reject(new Error(`${name}: the call was cancelled`)); else resolve(r.value); }, reject);
      } catch (e) {
        reject(e);
      }
    });
  };
}

type AdapterFnLike = (...args: unknown[]) => unknown;

/** A synchronous export of a component that uses context.get/set: each call is a task with fresh context slots. */
export function freshContext(fn: AdapterFnLike, st: InstanceState, table: HandleTable): AdapterFnLike {
  const inst = asyncInstance(st, table);
  return (...args: unknown[]) => {
    const saved = inst.storage;
    inst.storage = [0, 0];
    try {
      return fn(...args);
    } finally {
      inst.storage = saved;
    }
  };
}
