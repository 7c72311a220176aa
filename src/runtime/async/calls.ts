// CanonicalABI.md "canon lift" (async, callback) and "canon lower" (async): the call protocol between an async
// lower and an async lift, on the event loop. Values cross through ordinary (synchronous) adapter plans: the
// lift's argument plan lowers JS values into the callee, task.return's plan lifts the result out of it, the lower's
// argument plan lifts the caller's values and its result plan stores the result at the caller's pointer.
import { ComponentError, Trap, UnsupportedError } from '../../errors.js';
import {
  CALLBACK_EXIT, CALLBACK_WAIT, CALLBACK_YIELD, CANCELLED_BEFORE_RETURNED, CANCELLED_BEFORE_STARTED, EVENT_NONE, EVENT_SUBTASK,
  EVENT_TASK_CANCELLED, RETURNED, type EventTuple,
} from './codes.js';
import { dropParked, hold, jsWaiting, notify, park, parkWaiting, release, unpark, type Runnable } from './scheduler.js';
import { CANCEL_DELIVERED, INITIAL, PENDING_CANCEL, RESOLVED, STARTING, Subtask, Task, TASK_STARTED, currentRoot, currentTask, runAs, runningTask, swapTask, type AsyncInstance, type StuckCheck, type TaskOptions, type Thread } from './task.js';
import { asyncTrap, checkEnter, poison } from './trap.js';
import { isValueError } from '../../abi/errors.js';
import { WaitableSet } from './waitables.js';
import { block } from './block.js';
import { JSPI, jspiFlag, jspiNeeded, promisingCall, suspendable } from './jspi.js';
import { setStuck } from './deadlock.js';
import { blockThread, currentThread, exitImplicit, leaveStack } from './threads.js';
import { NO_PAYLOAD, payloadOf } from '../glue/index.js';
import type { InstanceState } from '../instance-state.js';
import type { HandleTable } from '../resources.js';
import { asyncInstance } from './task.js';
import { lowerArgsOf } from './values.js';

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
  /** Set by a callee task: itself, asked whether it waits for nothing but other stuck guest tasks (deadlock.ts). */
  callee?: StuckCheck;
  /** An async lower's result fusable into the caller (link-async.ts): a kumiki callee's task.return copies it there. */
  readonly sink?: ResultSink;
  /** The caller's out-pointer for the result (with `sink`). */
  readonly retptr?: unknown;
}

/**
 * Where an async lower's result goes when the callee is another kumiki instance whose task.return fuses with it
 * (issue 12, Build 5: values between guests go memory to memory): `fn`, the caller's lift adapter of
 * `func(result)` (what the fuser pairs task.return's plan with), and `run`, which runs such a fused copy into one
 * call's out-pointer. The call then resolves with FUSED_RESULT: nothing is left to store.
 */
export interface ResultSink {
  readonly fn: unknown;
  run(copy: (...flat: unknown[]) => unknown, flat: readonly unknown[], retptr: unknown): void;
}

/** The value of a call whose result a fused task.return already stored in the caller (ResultSink). */
export const FUSED_RESULT: unique symbol = Symbol('kumiki.fused-result');
/** The resolution of such a call (immutable: a caller that keeps it keeps nothing of the call's). */
const FUSED: Resolution = Object.freeze({ value: FUSED_RESULT });

/**
 * The caller of the running task when task.return may go ahead now and its caller takes the result fused
 * (calls.ts ResultSink); undefined otherwise (the plain path then returns, or traps as the spec says).
 */
export function returnSink(a: AsyncInstance): CallerHooks | undefined {
  const t = currentTask(a);
  // A JS caller's task has no hooks: the common case is decided first.
  const h = t instanceof TaskRun ? t.hooks : undefined;
  if (h === undefined || h.sink === undefined) return undefined;
  return !t!.opts.async || t!.state === RESOLVED || t!.numBorrows > 0 ? undefined : h;
}


/**
 * Whether task.return, called now in `a`, settles the running task as a JS call's at once (its core import's fast
 * path, link-async.ts; then settleNow is its adapter's callee): the running task is `a`'s, a JS caller's with no
 * top-level `result` (Task.quick), and Task.return would not trap (not returned yet, no borrows left). Otherwise the
 * plain path (returnSink, then taskReturn), which makes every check and trap in the spec's order.
 */
export function returnsNow(a: AsyncInstance): boolean {
  const t = runningTask();
  return t !== undefined && t.quick && t.inst === a && t.state !== RESOLVED && t.b === 0;
}

/**
 * task.return's lifted value for the running task when returnsNow held (its lift reads memory only: no guest code ran
 * since): Task.return and TaskRun.returned for a JS caller without their checks, made by returnsNow.
 */
export function settleNow(value: unknown): void {
  const t = runningTask() as TaskRun;
  t.state = RESOLVED;
  t.jsSettle(true, value);
}

/** A call's outcome: its value, or (`thrown`) the error a top-level `result`'s `err` is thrown as in JS. */
export interface Resolution { readonly value: unknown; readonly thrown?: boolean }

let pendingCaller: CallerHooks | undefined;
/**
 * An async lower's call offered to its callee without a subtask object yet (lowerAsync): the callee that takes it
 * (an async lift, takeCaller) gets its LowerCall made then, into `made`; a host function that returns never needs one.
 */
let offerEnv: LowerAsyncEnv | undefined;
let offerPtr: unknown;
let made: LowerCall | undefined;

/** The caller's hooks offered to the callee being called now (callWith, an async lower's offer), taken once. */
function takeCaller(): CallerHooks | undefined {
  const h = pendingCaller;
  if (h !== undefined) { pendingCaller = undefined; return h; }
  const e = offerEnv;
  if (e === undefined) return undefined;
  offerEnv = undefined;
  const c = e.spareCall;
  if (c === undefined) return (made = new LowerCall(e, offerPtr));
  e.spareCall = undefined;
  c.reset(offerPtr);
  return (made = c);
}

/**
 * The functions that take a kumiki caller's call offered to them (an async lift's entry, an async function type lifted
 * without `async`): each takes it first thing, before any other code runs. A caller offers its call only to one of
 * them: offered to anything else (a host function), the offer would wait for the first lift entered while that runs,
 * and a host function that itself calls a kumiki async export would hand it the outer call (its own call lost).
 */
const TAKERS = new WeakSet<object>();

/** `f` takes a kumiki caller's call when a lower calls it directly (liftAsync, syncLiftOfAsync). */
export function takesCaller(f: object): void {
  TAKERS.add(f);
}

/** Whether a lower calling `f` offers it its call (takesCaller). */
export function offersTo(f: unknown): boolean {
  return (typeof f === 'function' || (typeof f === 'object' && f !== null)) && TAKERS.has(f);
}

/** Calls `callee` with `hooks` offered to it (an async lift takes them; anything else ignores them). */
function callWith(callee: Fn, args: readonly unknown[], hooks: CallerHooks): unknown {
  pendingCaller = hooks;
  try {
    return callN(callee, args);
  } finally {
    pendingCaller = undefined;
  }
}

/** Calls `callee` with `args`: no spread for the usual arities (a spread call is a slow path in V8). */
function callN(callee: Fn, args: readonly unknown[]): unknown {
  const f = callee as (...a: unknown[]) => unknown;
  const n = args.length;
  return n === 0 ? f() : n === 1 ? f(args[0]) : n === 2 ? f(args[0], args[1]) : n === 3 ? f(args[0], args[1], args[2]) : f(...args);
}

/**
 * A trap in a task rejects the Promise of the JS call at the root of its call chain. A task whose root call has
 * already settled (it returned, then kept running) leaves the trap in its poisoned instance, which every later
 * call reports. Either way the chain is over (endChain); `task`: the task that trapped, where known.
 */
function trapRoot(root: ((e: unknown) => void) | undefined, e: unknown, task?: Task): void {
  root?.(e);
  endChain(root, task);
}

/**
 * A trap ended the call chain of `root` (and `task`, which may have none): its tasks still parked leave the
 * scheduler. Each waits for something the trap ended (the subtask of a host Promise that failed, a callee task that
 * trapped, its own caller's next step) or would run on for a JS call that has failed; parked for ever, it would keep
 * its instance alive and every tick would scan it. The instances themselves stay as the trap left them: poisoned
 * where core code trapped, not where a host function failed (its instance takes later calls).
 */
function endChain(root: ((e: unknown) => void) | undefined, task: Task | undefined): void {
  if (root === undefined && task === undefined) return;
  dropParked((r) => r instanceof TaskRun && (r === task || (root !== undefined && r.root === root)));
}

/** What an async lift adapter closes over. */
export interface LiftAsyncEnv {
  readonly inst: AsyncInstance;
  readonly name: string;
  readonly opts: TaskOptions;
  /** The core function. */
  readonly core: Fn;
  /** Its core signature (abi/core-sig.ts): with JSPI, it runs under `promising` where the instance may block. */
  readonly sig?: string | undefined;
  /**
   * Calls the core function with flat arguments, and the callback with an event, each from a call site of this
   * lift's own (link-async.ts): one target each, so the engine calls into wasm directly instead of through the
   * generic path a call site shared by every lift takes.
   */
  readonly callCore: (flat: readonly unknown[]) => unknown;
  readonly callCallback: (ev: EventTuple) => unknown;
  /**
   * Lowers the JS arguments into the callee (a synchronous lift plan without a result): the flat core arguments.
   * Borrows it lowers belong to `scope` (the task's), not to the plan's call.
   */
  readonly lowerArgs: (args: readonly unknown[], scope: { b: number }) => unknown[];
  /** The parameters hold borrows (their entries name the task as their scope): its task object is never reused. */
  readonly borrows?: boolean;
  /** The parameters hold streams or futures: a JS caller's lowering tells them its call (values.ts lowerArgsOf). */
  readonly streams?: boolean;
  /** A finished JS call's task object, reused by the next JS call (TaskRun.reusable): set by liftAsync only. */
  spare?: object | undefined;
  /**
   * Lowers a fused caller's flat arguments into the callee by `copy` (the fused adapter of the caller's lower plan and
   * this lift's: memory to memory), where the lift has no borrows in its parameters: the flat core arguments.
   */
  readonly lowerFused?: (copy: Fn, flat: readonly unknown[]) => unknown[];
  /** A finished kumiki caller's task object, reused by the next kumiki caller's call (TaskRun.reusableHooked). */
  spareHooked?: object | undefined;
  /** The result type is a `result<T, E>`: task.return's `{ tag, val }` is T, or E thrown as a ComponentError (DESIGN.md §4). */
  readonly throwsResult: boolean;
}

/** A top-level `result`'s variant as JS sees it: `ok` is its value, `err` a thrown ComponentError (as sync exports). */
function resultResolution(r: Resolution | undefined): Resolution | undefined {
  if (r === undefined || r.value === FUSED_RESULT) return r;
  const v = r.value as { tag: 'ok' | 'err'; val: unknown };
  return v.tag === 'err' ? { value: new ComponentError(v.val), thrown: true } : { value: v.val };
}

/**
 * A call into an async-lifted export (CanonicalABI.md canon_lift with `async`). From JS: a Promise of the result.
 * From a kumiki lower: the caller's hooks follow the task (started, resolved, cancelled) synchronously.
 */
export function liftAsync(env: LiftAsyncEnv, args: readonly unknown[]): unknown {
  const hooks = takeCaller();
  if (hooks !== undefined) {
    hooks.taken = true;
    // A kumiki caller's call that finished in its first run left its task object for the next such call (hooked()).
    let run = env.spareHooked as TaskRun | undefined;
    if (run !== undefined) {
      env.spareHooked = undefined;
      run.rehook(args, hooks);
    } else run = new TaskRun(env, args, hooks, HOOKED_DONE);
    startTask(run, currentRoot());
    if (run.reusableHooked()) env.spareHooked = run;
    return undefined;
  }
  // The common JS call finishes in its first run (task.return, then EXIT): its task object serves the next call.
  let run = env.spare as TaskRun | undefined;
  if (run !== undefined) {
    env.spare = undefined;
    return run.again(args);
  }
  run = new TaskRun(env, args, undefined, JS_DONE);
  try {
    startTask(run, run.jsRoot);
  } catch (e) {
    run.jsSettle(false, e);
  }
  const p = run.promise();
  if (run.reusable()) env.spare = run;
  return p;
}

const NO_ARGS: readonly unknown[] = [];

/** An instance a JS call cannot enter at once (poisoned, under backpressure, running a task exclusively, or with
 *  calls waiting to enter): the call takes the general path (startTask), with the spec's checks and traps in order. */
function mustQueue(i: AsyncInstance): boolean {
  return i.st.f === 2 || i.backpressure > 0 || i.exclusive !== undefined || i.waitingToEnter > 0;
}

/**
 * No kumiki caller's hooks are pending (callWith, an async lower's offer): a lift's generated entry (codegen/async-entry.ts fastPath)
 * may serve the call as a JS call's.
 */
export function idle(): boolean {
  return pendingCaller === undefined && offerEnv === undefined;
}

/** The task whose Promise is being made: one shared executor gives it the resolving functions (no closure per call). */
let taking: TaskRun | undefined;
function takeResolvers(resolve: (v: unknown) => void, reject: (e: unknown) => void): void {
  taking!.takeResolvers(resolve, reject);
}

/** A JS caller's on_resolve: Task calls it as its own method (`this.onResolve(r)`), so one function serves all. */
const JS_DONE = function (this: Task, r: { value: unknown } | undefined): void { (this as TaskRun).jsDone(r); };
/** A kumiki caller's on_resolve, as JS_DONE: its hooks take the outcome (a top-level `result` as JS would see it). */
const HOOKED_DONE = function (this: Task, r: { value: unknown } | undefined): void {
  const t = this as TaskRun;
  t.hooks!.onResolve(t.env.throwsResult ? resultResolution(r) : r);
};

/** CallerHooks.cancel of a kumiki caller whose callee is a TaskRun (startTask): called as the hooks' method. */
const CANCEL_CALLEE = function (this: CallerHooks): void { (this.callee as TaskRun).requestCancel(); };

/**
 * A task of an async lift as the event loop runs it (CanonicalABI.md Task, with canon_lift's callback loop), and
 * for a JS caller its Promise's state: one object per call, which the next JS call reuses when nothing can reach
 * it any more (reusable()). A generated async entry and task.return import (codegen/async-entry.ts) read and write its
 * fields by name (js, value, resolveJs, exclusive, state, ctx, ...): plain fields, all made in the constructor in one
 * order, so every task has one hidden class.
 */
class TaskRun extends Task implements Runnable {
  /** What the task waits for: entry (backpressure), a yield, or an event in a waitable set. */
  mode: 'enter' | 'yield' | 'wait' = 'enter';
  /** Parked after returning YIELD or WAIT to the callback loop. */
  parked = false;
  ws: WaitableSet | undefined;
  /** A fused caller's copy of its flat arguments (`args`) into this task's (lowerFused), run when the task starts. */
  copy: Fn | undefined = undefined;
  /** A JS caller's Promise: 0 pending, 1 fulfilled, 2 rejected (`value` holds the outcome), 3 handed to `resolveJs`. */
  private js = 0;
  private value: unknown;
  private resolveJs: ((v: unknown) => void) | undefined;
  private rejectJs: ((e: unknown) => void) | undefined;
  /** A JS caller's root (Task.root): a trap rejects its Promise. Made once per object (it may serve many calls). */
  readonly jsRoot: ((e: unknown) => void) | undefined;
  /** CanonicalABI.md Task.needs_exclusive, fixed by the lift's options. */
  private readonly exclusive: boolean;
  constructor(readonly env: LiftAsyncEnv, public args: readonly unknown[], public hooks: CallerHooks | undefined, onResolve: (r: { value: unknown } | undefined) => void) {
    super(env.inst, env.opts, env.name, onResolve);
    this.jsRoot = hooks === undefined ? (e: unknown) => this.jsSettle(false, e) : undefined;
    // A JS call's task is its chain's root task; a callee's is its caller's (runningTask: the caller runs now).
    this.rootTask = hooks === undefined ? this : runningTask()?.rootTask;
    this.exclusive = this.needsExclusive();
    this.quick = hooks === undefined && env.opts.async && !env.throwsResult;
  }

  /**
   * A JS call's task that is over and that nothing can reach any more may serve the next JS call: it returned and
   * exited in its first run (its Promise settled at once), never parked, made no threads, lent its root to no
   * callee or host Promise, nor itself to a stream or future of its arguments, and its instance has no JSPI stacks.
   */
  reusable(): boolean {
    return this.js === 1 && this.state === RESOLVED && this.mode === 'enter' && !this.parked && this.unreachable();
  }

  /**
   * A kumiki caller's task that is over in its first run (task.return, then EXIT) and that nothing can reach: its
   * caller's call resolved before the caller got it back (an async lower's is RETURNED, never in a table), so no
   * subtask.cancel or deadlock check can reach it through the hooks; it serves the next kumiki caller's call (rehook).
   */
  reusableHooked(): boolean {
    return this.state === RESOLVED && this.mode === 'enter' && !this.parked && this.unreachable();
  }

  /** A spare kumiki caller's task for a new call with `hooks` (reusableHooked held): a new task's fields. */
  rehook(args: readonly unknown[], hooks: CallerHooks): void {
    this.fresh();
    this.args = args;
    this.copy = undefined;
    this.hooks = hooks;
    this.rootTask = runningTask()?.rootTask;
  }

  /**
   * Nothing outside holds this finished task: no callee, stream or future has its root or itself (pinned), no
   * host Promise is pending with its root (leases), it made no threads, its instance has no JSPI stacks and does
   * not run it.
   */
  private unreachable(): boolean {
    return !this.pinned && this.leases === 0 && this.implicit === undefined && this.threadCount === 0 && this.env.inst.flag === undefined
      && this.env.borrows !== true && this.env.inst.exclusive !== this;
  }

  /**
   * A JS call whose Promise was pending (the task waited or yielded) ends here: once nothing holds the task, it
   * serves the next JS call (again()) as one that returned in its first run would, its waiting state cleared.
   */
  private spareAfterWait(): void {
    const env = this.env;
    if (env.spare !== undefined || !this.unreachable()) return;
    this.mode = 'enter';
    this.ws = undefined;
    this.resolveJs = undefined;
    this.rejectJs = undefined;
    this.value = undefined;
    env.spare = this;
  }

  /**
   * The next JS call on a reusable task (the fast path of the common call: no new task object, no closure, no
   * parking). reusable() held when it was spared, so only these fields differ from a new task's: the state, the
   * context slots, the arguments and the settled outcome. An instance that is poisoned, under backpressure or busy
   * takes the general path (startTask: the same checks, in order, with their traps); so does every result other
   * than task.return then EXIT in the first run (loop).
   */
  again(args: readonly unknown[]): Promise<unknown> {
    const env = this.env;
    const i = env.inst;
    this.fresh();
    this.js = 0;
    if (mustQueue(i)) {
      this.args = args;
      try {
        startTask(this, this.jsRoot);
      } catch (e) {
        this.jsSettle(false, e);
      }
      return this.settled();
    }
    this.state = TASK_STARTED;
    let r;
    try {
      // A JS caller's streams and futures report a failure of their source to its Promise while it is pending.
      const flat = env.streams === true ? lowerArgsOf(this, env.lowerArgs, args, this) : env.lowerArgs(args, this);
      if (this.exclusive) i.exclusive = this;
      r = this.core1(env.callCore, flat);
    } catch (e) {
      this.jsSettle(false, e);
      return this.settled();
    }
    return this.done(r);
  }

  /** The fast path's core call threw `e` (the running task restored): core1's poisoning. */
  trap(e: unknown): unknown {
    this.env.inst.exclusive = undefined;
    return poison(this.env.inst.st, this.env.name, e);
  }

  /** The fast path failed (its arguments, or trap()): again()'s catch, then its Promise. */
  fail(e: unknown): Promise<unknown> {
    this.jsSettle(false, e);
    return this.settled();
  }

  /** The fast path's core call returned `r`: again()'s rest, then its Promise. */
  end(r: unknown): Promise<unknown> {
    try {
      this.ran(r);
    } catch (e) {
      this.jsSettle(false, e);
    }
    return this.settled();
  }

  /**
   * again()'s core call returned `r` (the running task restored): end(), with its common case first. A callback
   * lift said EXIT (0) after task.return settled its Promise, and nothing holds the task (no thread, root lent, lease
   * or pin; reusable()'s static parts held when it was spared): the exclusive slot freed, the task spared, a settled
   * Promise. Anything else (another code, EXIT with bits above the code, a task that did not return) takes end().
   * A generated entry writes the same test out (codegen/async-entry.ts fastPath).
   */
  private done(r: unknown): Promise<unknown> {
    if (r !== CALLBACK_EXIT || this.js !== 1 || !this.exclusive || this.state !== RESOLVED || this.implicit !== undefined
      || this.threadCount !== 0 || this.pinned || this.leases !== 0) return this.end(r);
    const env = this.env;
    env.inst.exclusive = undefined;
    const v = this.value;
    this.value = undefined;
    env.spare = this;
    return Promise.resolve(v);
  }

  /** The core function returned `r` in a first run without JSPI (again(), end()). */
  private ran(r: unknown): void {
    // A callback lift that returned and said EXIT with no thread left: loop() and exit() would only free the slot.
    if (r === CALLBACK_EXIT && this.exclusive && this.state === RESOLVED && this.implicit === undefined) this.env.inst.exclusive = undefined;
    else this.started(r);
  }

  /** The JS caller's Promise after a first run (again(), the fast path); a task settled at once serves the next call. */
  private settled(): Promise<unknown> {
    if (this.js === 1) {
      // Settled at once: one settled Promise, no executor, no resolvers (promise()).
      const v = this.value;
      this.value = undefined;
      if (this.reusable()) this.env.spare = this;
      return Promise.resolve(v);
    }
    return this.promise();
  }

  protected override returned(value: unknown): void {
    if (this.hooks !== undefined) {
      // A result a fused task.return stored already: one shared resolution (onResolve keeps none of FUSED's kind).
      if (value === FUSED_RESULT) this.hooks.onResolve(FUSED); else super.returned(value);
      return;
    }
    if (!this.env.throwsResult) { this.jsSettle(true, value); return; }
    // A top-level result: `ok`'s value, or `err`'s thrown as a ComponentError (resultResolution, without the object).
    const v = value as { tag: 'ok' | 'err'; val: unknown };
    if (v.tag === 'err') this.jsSettle(false, new ComponentError(v.val)); else this.jsSettle(true, v.val);
  }

  /** The JS caller's side: the result (or undefined: cancelled). */
  jsDone(r0: Resolution | undefined): void {
    const r = this.env.throwsResult ? resultResolution(r0) : r0;
    if (r === undefined) this.jsSettle(false, new Error(`${this.name}: the call was cancelled`));
    else this.jsSettle(r.thrown !== true, r.value);
  }

  /** values.ts PendingCall: a stream or future in the arguments keeps this task (it reports its failure to it). */
  pin(): void { this.pinned = true; }

  /** values.ts PendingCall: a stream or future in the arguments failed on JS's side (README "Async"). */
  failPending(e: unknown): boolean {
    if (this.js !== 0) return false;
    this.jsSettle(false, e);
    return true;
  }

  jsSettle(ok: boolean, v: unknown): void {
    if (this.js !== 0) return;
    if (this.resolveJs !== undefined) {
      this.js = 3;
      jsWaiting(-1);
      if (ok) this.resolveJs(v); else this.rejectJs!(v);
      return;
    }
    this.js = ok ? 1 : 2;
    this.value = v;
  }

  takeResolvers(resolve: (v: unknown) => void, reject: (e: unknown) => void): void {
    this.resolveJs = resolve;
    this.rejectJs = reject;
  }

  /** A task that returned during its first run gives an already settled Promise: no executor, no resolvers. */
  promise(): Promise<unknown> {
    if (this.js === 1) return Promise.resolve(this.value);
    if (this.js === 2) return Promise.reject(this.value);
    // JS awaits the task: its yield rounds keep the process alive until it settles (scheduler.ts jsWaiting).
    jsWaiting(1);
    taking = this;
    const p = new Promise(takeResolvers);
    taking = undefined;
    return p;
  }

  private hasBackpressure(): boolean {
    const i = this.env.inst;
    return i.backpressure > 0 || (this.needsExclusive() && i.exclusive !== undefined);
  }

  ready(): boolean {
    const t = this as Task;
    if (this.mode === 'enter') return t.state === CANCEL_DELIVERED || !this.hasBackpressure();
    if (this.env.inst.exclusive !== undefined) return false;
    if (this.mode === 'yield') return true;
    return t.state === PENDING_CANCEL || this.ws!.hasPendingEvent();
  }

  run(): void {
    try {
      this.step();
    } catch (e) {
      trapRoot(this.root, e, this);
    }
  }

  /** One run of the task once ready (a trap ends the JS call at the root of its chain: run above). */
  private step(): void {
    {
      if (this.mode === 'enter') {
        this.env.inst.waitingToEnter--;
        if (this.state === CANCEL_DELIVERED) { this.cancel(); return; }
        this.start();
        return;
      }
      this.parked = false;
      let ev: EventTuple;
      if (this.mode === 'yield') ev = this.deliverPendingCancel(true) ? [EVENT_TASK_CANCELLED, 0, 0] : [EVENT_NONE, 0, 0];
      else {
        this.ws!.numWaiting--;
        ev = this.deliverPendingCancel(true) ? [EVENT_TASK_CANCELLED, 0, 0] : this.ws!.getPendingEvent();
      }
      this.env.inst.exclusive = this;
      const r = this.env.inst.flag === undefined ? this.core1(this.env.callCallback, ev) : this.core(this.callback(), ev);
      if (r instanceof Promise && this.stackful) this.then(r, (v) => this.loop(v as number));
      else this.loop(r as number);
    }
  }

  /** The core function, under `promising` when the instance has points that may block and the host has JSPI. */
  private entry(f: (...a: unknown[]) => unknown): (...a: unknown[]) => unknown {
    if (this.env.inst.flag === undefined) return f;
    const j = jspiEntries(this.env);
    const g = f === this.env.core ? j.core : j.callback;
    if (g === undefined) return f;
    this.stackful = true;
    return g;
  }

  private callback(): (...a: unknown[]) => unknown {
    return this.entry(this.env.opts.callback! as (...a: unknown[]) => unknown);
  }

  /** Continues with the core function's result: when its stack (suspended by JSPI) has returned. */
  private then(r: Promise<unknown>, k: (r: unknown) => void): void {
    r.then((v: unknown) => { leaveStack(this.env.inst, this.implicit); guard(this.root, () => k(v), this); }, (e: unknown) => {
      leaveStack(this.env.inst, this.implicit);
      if (this.env.inst.exclusive === this) this.env.inst.exclusive = undefined;
      trapRoot(this.root, poison(this.env.inst.st, this.env.name, e), this);
    });
  }

  start(): void {
    const { env } = this;
    const task = this as Task;
    task.state = TASK_STARTED;
    this.hooks?.onStart();
    // A JS caller's streams and futures report a failure of their source to its Promise while it is pending.
    const copy = this.copy;
    const flat = copy !== undefined ? env.lowerFused!(copy, this.args)
      : this.hooks === undefined && env.streams === true ? lowerArgsOf(this, env.lowerArgs, this.args, task) : env.lowerArgs(this.args, task);
    // Lowered: the JS values are not kept (a spare task would hold them until its next call).
    this.args = NO_ARGS;
    // Task.needsExclusive, fixed by the lift's options (the constructor's `exclusive`).
    if (this.exclusive) env.inst.exclusive = task;
    const r = env.inst.flag === undefined ? this.core1(env.callCore, flat) : this.core(this.entry(env.core as (...a: unknown[]) => unknown), flat);
    // Only a stackful task's core call (JSPI) gives a Promise: the common case tests one field.
    if (this.stackful && r instanceof Promise) this.then(r, (v) => this.started(v));
    else this.started(r);
  }

  /** The core function returned (`v`: its result). */
  private started(v: unknown): void {
    if (this.env.opts.callback === undefined) {
      // Stackful: the core function returned; it must have called task.return.
      this.env.inst.exclusive = undefined;
      this.exit();
      return;
    }
    this.loop(v as number);
  }

  /** Runs core code as this task; a failure poisons the instance (and frees its exclusive slot). */
  core(f: (...a: unknown[]) => unknown, args: readonly unknown[]): unknown {
    try {
      return runAs(this, f, args);
    } catch (e) {
      this.env.inst.exclusive = undefined;
      throw poison(this.env.inst.st, this.env.name, e);
    }
  }

  /** core(), through one of the lift's own callers (LiftAsyncEnv.callCore/callCallback; no JSPI stack). */
  private core1<A>(call: (a: A) => unknown, a: A): unknown {
    // runAs1 written out (one try, not two): the running task restored before the failure poisons the instance.
    const prev = swapTask(this);
    let r: unknown;
    try {
      r = call(a);
    } catch (e) {
      swapTask(prev);
      this.env.inst.exclusive = undefined;
      throw poison(this.env.inst.st, this.env.name, e);
    }
    swapTask(prev);
    return r;
  }

  /** CanonicalABI.md canon_lift: the callback loop, one step (the rest runs when the task is ready again). */
  loop(packed: number): void {
    const { env } = this;
    const code = packed & 0xf;
    env.inst.exclusive = undefined;
    if (code === CALLBACK_EXIT) { this.exit(); return; }
    if (code === CALLBACK_YIELD) { this.mode = 'yield'; this.parked = true; park(this, true); return; }
    if (code === CALLBACK_WAIT) {
      // The table's `at` only: a miss (no handle, or no set) is the rare path that makes a trap's text.
      const ws = env.inst.table.at(packed >>> 4) as unknown;
      if (!(ws instanceof WaitableSet)) this.badWait(packed >>> 4);
      ws.numWaiting++;
      this.ws = ws;
      this.mode = 'wait';
      this.parked = true;
      parkWaiting(this);
      return;
    }
    throw poison(env.inst.st, env.name, new Trap(`${env.name}: unsupported callback code ${code} (the callback or core function returned ${packed >>> 0})`));
  }

  /**
   * The callback loop's WAIT named handle `i`, which is no waitable set (CanonicalABI.md canon_lift: the table lookup
   * traps): a trap of the task, so its instance is poisoned as by any other.
   */
  private badWait(i: number): never {
    const { env } = this;
    try {
      env.inst.table.get(i, 'callback WAIT');
      asyncTrap(`callback WAIT: handle ${i} is not a waitable set`);
    } catch (e) {
      throw poison(env.inst.st, env.name, e);
    }
  }

  exit(): void {
    exitImplicit(this);
    if (this.state !== RESOLVED) throw poison(this.env.inst.st, this.env.name, new Trap(`${this.env.name}: the task exited without calling task.return or task.cancel`));
    // A JS call's Promise settled in an earlier run (3): the task may serve the next call.
    if (this.js === 3 && this.hooks === undefined && !this.parked) this.spareAfterWait();
  }

  /**
   * Taken out of the scheduler for good (endChain): what parking took is given back (its place in the entry queue,
   * its waiter count on the set, so the guest may still drop the set), and it is over: a cancellation of its
   * subtask finds it resolved, and it never runs again.
   */
  abandon(): void {
    if (this.mode === 'enter') this.env.inst.waitingToEnter--;
    else if (this.mode === 'wait' && this.parked) this.ws!.numWaiting--;
    this.parked = false;
    // `ws` stays: a tick's snapshot of the list may still ask ready() (it then finds the task gone: scheduler.ts tick).
    (this as Task).state = RESOLVED;
  }

  /** Parked in WAIT (no cancellation pending) on a set whose members are all stuck subtasks (deadlock.ts). */
  stuck(seen: Set<unknown>): boolean {
    if (seen.has(this)) return true;
    seen.add(this);
    return this.parked && this.mode === 'wait' && this.state !== PENDING_CANCEL && setStuck(this.ws!, seen);
  }

  /** CanonicalABI.md Task.request_cancellation. */
  requestCancel(): void {
    const t = this as Task;
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
      const r = this.core(this.callback(), [EVENT_TASK_CANCELLED, 0, 0]);
      if (r instanceof Promise && this.stackful) this.then(r, (v) => this.loop(v as number));
      else this.loop(r as number);
      return;
    }
    // Delivered at the task's next wait or yield.
    t.state = PENDING_CANCEL;
  }
}

/** An async lift's core function and callback under `promising` (runtime/async/jspi.ts), made on first use. */
interface JspiEntries { readonly core: Fn1 | undefined; readonly callback: Fn1 | undefined }
type Fn1 = (...a: unknown[]) => unknown;
const JSPI_ENTRIES = new WeakMap<LiftAsyncEnv, JspiEntries>();

function jspiEntries(env: LiftAsyncEnv): JspiEntries {
  let j = JSPI_ENTRIES.get(env);
  if (j === undefined) {
    const cb = env.opts.callback;
    j = { core: promisingCall(env.core, env.sig), callback: cb === undefined ? undefined : promisingCall(cb, 'iii:i') };
    JSPI_ENTRIES.set(env, j);
  }
  return j;
}

/** A trap while parked work runs ends the JS call at the root of its chain. */
function guard(root: ((e: unknown) => void) | undefined, f: () => void, task?: Task): void {
  try {
    f();
  } catch (e) {
    trapRoot(root, e, task);
  }
}

function startTask(run: TaskRun, root: ((e: unknown) => void) | undefined): void {
  const { env, hooks } = run;
  checkEnter(env.inst.st, env.name);
  run.root = root;
  run.fromHost = hooks === undefined;
  if (hooks !== undefined) { hooks.cancel = CANCEL_CALLEE; hooks.callee = run; }
  const i = env.inst;
  if (env.opts.fnAsync && (i.backpressure > 0 || (run.needsExclusive() && i.exclusive !== undefined) || i.waitingToEnter > 0)) {
    // A fused caller's flat arguments come in an array its lower refills each call (link-async.ts fusedEntry): kept.
    if (run.copy !== undefined) run.args = run.args.slice();
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
  /** Calls the callee with the JS arguments, from a call site of this lower's own (link-async.ts). */
  readonly invoke: (args: readonly unknown[]) => unknown;
  /**
   * Lifts the caller's flat arguments (a synchronous lower plan without a result) and calls `c.call` with the JS
   * arguments inside that plan's borrow scope (borrows lent to the callee are live while it starts): its result.
   */
  readonly liftArgs: (flat: readonly unknown[], c: LowerCallee) => unknown;
  /** Stores a result at the caller's pointer (a synchronous lower plan whose result goes to memory). */
  /** `thrown`: the host function's Promise rejected with `value` (a `result` error payload, DESIGN.md §4). */
  readonly storeResult: ((value: unknown, ptr: unknown, thrown?: boolean) => void) | undefined;
  /** The result fused from a kumiki callee's task.return, where the pair fuses (ResultSink). */
  readonly sink?: ResultSink;
  /** The result is a top-level `result<T, E>`: a host function's throw with an error payload is E (lowerOffer). */
  readonly throwsResult?: boolean;
  /** The callee as liftArgs calls it (lowerOffer): made once per lower, when the env is. */
  offer: LowerCallee;
  /** The callee takes the call offered to it (offersTo): else it is called with none (a host function). */
  readonly takes: boolean;
  /** A call a kumiki callee took that resolved at once, for the next (LowerCall.reset). */
  spareCall?: LowerCall | undefined;
  /** A host function's call whose subtask the guest dropped, for the next that returns a Promise (LowerCall.recycle). */
  spareHost?: LowerCall | undefined;
}

/**
 * CanonicalABI.md canon_lower with `async`: the core function the guest calls (`args`: its flat arguments without
 * the result pointer `retptr`). Returns the packed subtask state: RETURNED alone when the call finished at once (a
 * host function that returned a plain value, a callee task that returned in its first run), with no waitable in
 * the table and no event.
 */
export function lowerAsync(env: LowerAsyncEnv, args: readonly unknown[], retptr?: unknown): number {
  // The subtask object is made only when the callee takes the call (takeCaller: a kumiki callee) or the host function
  // returns a Promise: a host function that returns a value finishes the call with nothing allocated for it.
  const outer = lowerBegin(retptr);
  let r: unknown;
  let call: LowerCall | undefined;
  try {
    // The argument plan calls the callee (env.offer) inside its borrow scope: borrows lent to it stay live while it starts.
    r = env.liftArgs(args, env.offer);
  } finally {
    call = lowerEnd(outer);
  }
  return lowerRest(env, call, r, retptr);
}

/**
 * lowerAsync's steps before the argument plan runs (`retptr`: the call's out-pointer, for a callee that takes the
 * call): the LowerCall a callee takes is the one made from now (`made`); gives the one it replaces, for lowerEnd. A
 * generated lower entry (codegen/lower-entry.ts) makes the same calls.
 */
export function lowerBegin(retptr: unknown): LowerCall | undefined {
  const outer = made;
  made = undefined;
  offerPtr = retptr;
  return outer;
}

/** lowerAsync's steps once the argument plan has run (or thrown): the LowerCall its callee took, if any. */
export function lowerEnd(outer: LowerCall | undefined): LowerCall | undefined {
  offerEnv = undefined;
  offerPtr = undefined;
  const call = made;
  made = outer;
  return call;
}

/**
 * The call offered to the callee the argument plan calls now (lowerOffer; undefined once it returned): only to a
 * callee that takes it (takesCaller), so a host function's own calls into kumiki are JS calls.
 */
export function offerTo(env: LowerAsyncEnv | undefined): void {
  offerEnv = env !== undefined && env.takes ? env : undefined;
}

/**
 * A host function's throw `e` inside lowerOffer's call: with an error payload and a top-level `result`, the callee's
 * result (lowerRest stores it as the `err`); else thrown on.
 */
export function hostThrew(env: LowerAsyncEnv, e: unknown): unknown {
  // A host function's throw carrying an error payload is the `err` of a `result` (DESIGN.md §4), as its Promise's
  // rejection is (LowerCall.hostRejected) and a sync import's throw: stored by lowerRest.
  if (made === undefined && env.throwsResult === true && env.storeResult !== undefined && payloadOf(e) !== NO_PAYLOAD) return new HostThrew(e);
  throw e;
}

/** lowerAsync once the callee returned `r` (`call`: the LowerCall it took, if any): the packed subtask state. */
export function lowerRest(env: LowerAsyncEnv, call: LowerCall | undefined, r: unknown, retptr: unknown): number {
  if (call === undefined) {
    // A JS function: a Promise is a call that returns later (one reaction); anything else returned now.
    if (!isThenable(r)) {
      if (env.storeResult !== undefined) {
        if (r instanceof HostThrew) env.storeResult(r.error, retptr, true); else env.storeResult(r, retptr, false);
      }
      return RETURNED;
    }
    // A host call's subtask dropped by the guest serves the next (LowerCall.recycle), its reactions with it.
    let c = env.spareHost;
    if (c !== undefined) {
      env.spareHost = undefined;
      c.reset(retptr);
    } else c = new LowerCall(env, retptr);
    call = c;
    c.started();
    c.leaseRoot();
    c.hostThen(r);
  }
  return follow(env, call);
}

/** The lower's callee when it is an async lift of another kumiki instance fused with it (link-async.ts). */
export interface FusedCallee {
  readonly env: LiftAsyncEnv;
  /** The fused adapter copying the caller's flat arguments into the callee's (LiftAsyncEnv.lowerFused). */
  readonly copy: Fn;
}

/**
 * lowerAsync for a lower fused with an async lift of another kumiki instance (`d`): the same steps as its callee's
 * liftAsync taking the call offered by lowerAsync, with no offer, entry or argument objects on the way; the task
 * copies the flat arguments (`args`, kept until it starts) memory to memory.
 */
export function lowerFused(env: LowerAsyncEnv, d: FusedCallee, args: readonly unknown[], retptr: unknown): number {
  let call = env.spareCall;
  if (call !== undefined) {
    env.spareCall = undefined;
    call.reset(retptr);
  } else call = new LowerCall(env, retptr);
  call.taken = true;
  const le = d.env;
  let run = le.spareHooked as TaskRun | undefined;
  if (run !== undefined) {
    le.spareHooked = undefined;
    run.rehook(args, call);
  } else run = new TaskRun(le, args, call, HOOKED_DONE);
  run.copy = d.copy;
  startTask(run, currentRoot());
  if (run.reusableHooked()) le.spareHooked = run;
  return follow(env, call);
}

/** A call its callee took (or a host Promise): RETURNED when resolved already, else the subtask in the caller's table. */
function follow(env: LowerAsyncEnv, call: LowerCall): number {
  call.onCancel = call.cancel;
  if (call.resolved()) {
    call.delivered = true;
    // Taken by a kumiki callee (a host function's call resolves later): the next call may reuse it (reset).
    env.spareCall = call;
    return RETURNED;
  }
  call.index = env.inst.table.add(call as never);
  return call.state | (call.index << 4);
}

/** A LowerCall's pending event marker (LowerCall.getPendingEvent makes the event). */
const NO_EVENT: EventTuple = [EVENT_NONE, 0, 0];
const SUBTASK_EVENT = (): EventTuple => NO_EVENT;

/** What an async lower's argument plan calls with the lifted JS arguments (a method: no closure per call). */
export interface LowerCallee {
  call(args: unknown[]): unknown;
}

/**
 * An async lower's LowerCallee (LowerAsyncEnv.offer): calls the callee with the call offered (takeCaller makes its
 * subtask if the callee takes it), the out-pointer set by lowerAsync.
 */
export function lowerOffer(env: LowerAsyncEnv): LowerCallee {
  const invoke = env.invoke;
  return {
    call(args: unknown[]): unknown {
      offerTo(env);
      try {
        return invoke(args);
      } catch (e) {
        return hostThrew(env, e);
      } finally {
        offerTo(undefined);
      }
    },
  };
}

/** A host function's throw with an error payload (lowerOffer), as the callee's result. */
class HostThrew {
  constructor(readonly error: unknown) {}
}

/**
 * One async-lowered call as its caller follows it: the subtask itself (CanonicalABI.md Subtask), and the hooks a
 * kumiki callee takes. One object per call; its event is made only once it is in the caller's table.
 */
class LowerCall extends Subtask implements CallerHooks {
  taken = false;
  cancel: (() => void) | undefined;
  /** The subtask's index in the caller's table (0 until it is there: events before then are not delivered). */
  index = 0;
  /** The root JS call of the caller's chain (for a host function's Promise). */
  root: ((e: unknown) => void) | undefined;
  /** The root task lent `root` while the host function's Promise is pending (leaseRoot). */
  private owner: Task | undefined;
  /** The task that made a host function's call (leaseRoot): a failure of its Promise is a trap there (endChain). */
  private task: Task | undefined = undefined;
  /** The reactions to a host function's Promise (made once per object: a recycled call reuses them). */
  onValue: ((v: unknown) => void) | undefined = undefined;
  onError: ((e: unknown) => void) | undefined = undefined;
  /** A host function's call (its Promise, not a kumiki callee): recycled once dropped. */
  host = false;
  constructor(readonly env: LowerAsyncEnv, public retptr: unknown) { super(); }

  /**
   * A call that a kumiki callee took and that resolved at once (RETURNED, never in a table: no guest code can name it,
   * and its callee's task, done with its hooks once resolved, only reads them) serves the lower's next call (takeCaller):
   * a new call's fields.
   */
  reset(retptr: unknown): void {
    this.retptr = retptr;
    this.index = 0;
    this.owner = undefined;
    this.task = undefined;
    this.clearWaitable();
    this.taken = false;
    this.cancel = undefined;
    this.root = undefined;
    this.state = STARTING;
    this.cancellationRequested = false;
    this.delivered = false;
    this.onCancel = undefined;
    this.callee = undefined;
  }

  get caller(): AsyncInstance { return this.env.inst; }
  get sink(): ResultSink | undefined { return this.env.sink; }

  onStart(): void { this.started(); this.progress(); }

  onResolve(r: Resolution | undefined): void {
    if (r === undefined) this.state = this.state === 0 ? CANCELLED_BEFORE_STARTED : CANCELLED_BEFORE_RETURNED;
    else {
      if (this.env.storeResult !== undefined && r.value !== FUSED_RESULT) this.env.storeResult(r.value, this.retptr, r.thrown);
      this.state = RETURNED;
    }
    this.progress();
  }

  private progress(): void {
    if (this.index === 0) return;
    // The event is made when it is delivered (getPendingEvent below): the stored function is only a marker.
    this.setPendingEvent(SUBTASK_EVENT);
  }

  /** CanonicalABI.md Subtask: the event carries the state at delivery; a resolved subtask's is its last. */
  override getPendingEvent(): EventTuple {
    super.getPendingEvent();
    if (this.resolved()) this.delivered = true;
    return [EVENT_SUBTASK, this.index, this.state];
  }

  /** Follows a host function's Promise: its reactions made once per object. */
  hostThen(r: PromiseLike<unknown>): void {
    r.then(this.onValue ??= (v: unknown) => this.hostResolved(v), this.onError ??= (e: unknown) => this.hostRejected(e));
  }

  /**
   * subtask.drop removed it from the caller's table: a host function's call (its Promise settled, its event delivered,
   * no set joined: drop's checks) that nothing else holds serves the lower's next host call (lowerRest).
   */
  override recycle(): void {
    if (this.host && this.owner === undefined && this.env.spareHost === undefined) this.env.spareHost = this;
  }

  /**
   * Takes the running task's root for the host function's Promise (its rejection ends that JS call): leased from
   * the chain's root task, which is not reused until the Promise settles (unleased); pinned for good where the
   * running task has no root task (Task.rootTask).
   */
  leaseRoot(): void {
    this.host = true;
    const t = runningTask();
    this.task = t;
    if (t === undefined) return;
    const owner = t.rootTask;
    if (owner === undefined) { this.root = currentRoot(); return; }
    owner.leases++;
    this.owner = owner;
    this.root = t.root;
  }

  private unlease(): void {
    const o = this.owner;
    if (o !== undefined) { o.leases--; this.owner = undefined; }
  }

  hostResolved(v: unknown): void {
    // This reaction runs on an empty stack: the task waiting for this event runs now, not one microtask later.
    const was = hold();
    const root = this.root;
    // Given back first: the root task may finish (and be spared for the next call) in the run release() makes.
    this.unlease();
    try {
      if (this.env.storeResult !== undefined) this.env.storeResult(v, this.retptr, false);
      this.state = RETURNED;
      this.progress();
    } catch (e) {
      trapRoot(root, this.storeFailed(e), this.task);
    } finally {
      this.task = undefined;
      release(was);
    }
  }

  /**
   * Storing the host function's result failed with `e`: a value the host got wrong poisons nothing (README "Async"),
   * but a fault of the caller's own code or data (its realloc trapped, or gave a bad pointer) is a trap of the task
   * that made the call: its instance is poisoned and the trap names that task's function, as any other.
   */
  private storeFailed(e: unknown): unknown {
    const guest = (e instanceof WebAssembly.RuntimeError && !(e instanceof Trap && isValueError(e.cause)))
      || (typeof WebAssembly.Exception === 'function' && e instanceof WebAssembly.Exception);
    return guest ? poison(this.env.inst.st, this.task?.name ?? this.env.name, e) : e;
  }

  hostRejected(e: unknown): void {
    // A rejection carrying an error payload is the `err` of a `result` (as a sync host import's throw is).
    const store = this.env.storeResult;
    if (store !== undefined && payloadOf(e) !== NO_PAYLOAD) {
      try {
        store(e, this.retptr, true);
        this.state = RETURNED;
        this.progress();
      } catch (x) {
        trapRoot(this.root, this.storeFailed(x), this.task);
      }
    } else trapRoot(this.root, e instanceof Error ? e : new Trap(`${this.env.name}: the host function failed: ${String(e)}`), this.task);
    this.task = undefined;
    this.unlease();
  }
}

/**
 * A synchronous lower of an async function (CanonicalABI.md canon_lower without `async`): the callee must finish
 * before the caller continues. Without stack switching, a callee that does not finish at once cannot be waited for:
 * a task whose function type is sync traps as the spec says; an async one needs JSPI.
 */
export function syncCallOfAsync(callee: Fn, inst: AsyncInstance, name: string, replayable = false, resumes = false): Fn {
  // The outcome of a call that suspended its caller (JSPI), for the adapter's second run (`suspendableLower`).
  let replayed: { value: unknown } | { error: unknown } | undefined;
  const takes = offersTo(callee);
  return ((...args: unknown[]) => {
    const rp = replayed;
    if (rp !== undefined) {
      replayed = undefined;
      if ('error' in rp) throw rp.error;
      return rp.value;
    }
    let result: Resolution | undefined;
    let resolved = false;
    const hooks: CallerHooks = { taken: false, caller: inst, onStart() {}, onResolve(r) { resolved = true; result = r; } };
    // Offered only to a callee that takes it (takesCaller): a host function's own calls into kumiki are JS calls.
    const r = takes ? callWith(callee, args, hooks) : callN(callee, args);
    if (!hooks.taken) {
      if (!isThenable(r)) return r;
      // A host function's Promise: the caller's stack suspends until it settles (JSPI), or the call cannot wait.
      const th = replayable || resumes ? suspendableThread(inst) : undefined;
      if (th !== undefined && resumes) {
        let out: { value: unknown } | { error: unknown } | undefined;
        r.then((v) => { out = { value: v }; notify(); }, (e: unknown) => { out = { error: e }; notify(); });
        throw new Suspended((blockThread(th, () => out !== undefined, undefined, name) as Promise<number>).then(() => out!));
      }
      if (th === undefined) {
        // Its rejection, if any, is not left unhandled: the call fails here.
        r.then(undefined, () => {});
        throw jspiNeeded(name, 'the host function returned a Promise to a synchronous call of an async function, which must block its caller until it settles');
      }
      let settled = false;
      r.then((v) => { replayed = { value: v }; settled = true; notify(); }, (e: unknown) => { replayed = { error: e }; settled = true; notify(); });
      throw new Suspended(blockThread(th, () => settled, undefined, name) as Promise<number>);
    }
    if (!resolved) {
      const th = replayable || resumes ? suspendableThread(inst) : undefined;
      if (th !== undefined && resumes) {
        throw new Suspended((blockThread(th, () => resolved, undefined, name) as Promise<number>).then(() => outcomeOf(result, name)));
      }
      if (th !== undefined) {
        throw new Suspended((blockThread(th, () => resolved, undefined, name) as Promise<number>).then(() => {
          replayed = outcomeOf(result, name);
        }));
      }
      block(inst, () => resolved, name, () => undefined, false);
    }
    if (result === undefined) asyncTrap(`${name}: the call was cancelled`);
    if (result.thrown === true) throw result.value;
    return result.value;
  }) as Fn;
}

/** A finished call's outcome for the caller's second half: its value, its thrown error, or a cancellation's Trap. */
function outcomeOf(r: Resolution | undefined, name: string): { value: unknown } | { error: unknown } {
  return r === undefined ? { error: new Trap(`${name}: the call was cancelled`) } : r.thrown === true ? { error: r.value } : { value: r.value };
}

/** The running thread of `inst` when its stack can suspend now (a `promising` stack with no JS frames above). */
function suspendableThread(inst: AsyncInstance): Thread | undefined {
  if (inst.flag === undefined || inst.flag.value !== 1) return undefined;
  const th = currentThread(inst);
  return th.stackful ? th : undefined;
}

/**
 * A synchronous lower of an async function (its adapter `core`) whose caller may suspend: when the call must wait,
 * the adapter is left by `Suspended` and the switch trampoline suspends the caller; once the call is over, the
 * adapter runs again (its arguments lifted again: only for parameters that move nothing, see program.ts) and takes
 * the outcome instead of calling again.
 */
export function suspendableLower(core: Fn, inst: AsyncInstance, sig: string | undefined): Fn {
  const f = core as (...a: unknown[]) => unknown;
  return suspendingLower(core, inst, sig, (done, flat) => done.then(() => f(...flat)));
}

/**
 * `core` as a core function whose caller may suspend (with JSPI; else `core` itself): a `Suspended` it throws becomes
 * `after(its promise, the flat arguments)`, the Promise the switch trampoline suspends the caller on.
 */
function suspendingLower(core: Fn, inst: AsyncInstance, sig: string | undefined, after: (done: Promise<unknown>, flat: unknown[]) => Promise<unknown>): Fn {
  if (!JSPI) return core;
  const f = core as (...a: unknown[]) => unknown;
  const w = (...flat: unknown[]): unknown => {
    try {
      return f(...flat);
    } catch (e) {
      if (!(e instanceof Suspended)) throw e;
      return after(e.promise, flat);
    }
  };
  return suspendable(w as Fn, sig, jspiFlag(inst));
}

/**
 * A synchronous lower of an async function whose parameters move handles (its adapter `core`, run once): when the
 * call must wait (syncCallOfAsync `resumes`), the adapter is left by `Suspended` with its arguments lifted; the
 * switch trampoline suspends the caller, and `result` (the plan's result half) gives the core result once the call
 * is over: the outcome lowered into the caller, or the callee's error thrown there.
 */
export function resumableLower(core: Fn, inst: AsyncInstance, sig: string | undefined, result: (outcome: { value: unknown } | { error: unknown }, flat: readonly unknown[]) => unknown): Fn {
  return suspendingLower(core, inst, sig, (done, flat) => (done as Promise<{ value: unknown } | { error: unknown }>).then((o) => result(o, flat)));
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
export function syncLiftOfAsync(fn: AdapterFnLike, st: InstanceState, table: HandleTable, name: string, core?: StackfulCore): AdapterFnLike {
  const inst = asyncInstance(st, table);
  const opts: TaskOptions = { fnAsync: true, async: false, callback: undefined };
  const lifted = (...args: unknown[]): unknown => {
    const hooks = takeCaller();
    const call = (onResolve: (r: { value: unknown } | undefined) => void, root: ((e: unknown) => void) | undefined): void => {
      checkEnter(st, name);
      const task = new Task(inst, opts, name, onResolve);
      task.root = root;
      task.fromHost = hooks === undefined;
      // With JSPI, the core function runs under `promising` (StackfulCore) where the instance has blocking points.
      if (core !== undefined && inst.flag !== undefined) task.stackful = true;
      // `resume`: the outcome of a core call that suspended, for the adapter's result half (or its replay).
      const attempt = (resume?: { value: unknown }): void => {
        inst.exclusive = task;
        let v: unknown;
        try {
          if (resume === undefined) v = runAs(task, fn, args);
          else if (core!.resumeOf() !== undefined) v = runAs(task, core!.resumeOf()!, [resume.value]);
          else {
            core!.replay = resume;
            v = runAs(task, fn, args);
          }
        } catch (e) {
          // Suspended, a synchronously lifted task keeps the exclusive slot until it returns.
          if (!(e instanceof Suspended)) {
            if (inst.exclusive === task) inst.exclusive = undefined;
            throw e;
          }
          // The adapter took the suspension for a failure: the call goes on, the instance is not poisoned.
          st.f = 0;
          st.cause = undefined;
          e.promise.then((value: unknown) => {
            leaveStack(inst, task.implicit);
            guard(root, () => attempt({ value }));
          }, (err: unknown) => {
            leaveStack(inst, task.implicit);
            if (inst.exclusive === task) inst.exclusive = undefined;
            trapRoot(root, poison(st, name, err));
          });
          return;
        }
        if (inst.exclusive === task) inst.exclusive = undefined;
        exitImplicit(task);
        task.return(v);
      };
      const start = (): void => {
        task.state = TASK_STARTED;
        hooks?.onStart();
        attempt(undefined);
      };
      if (inst.backpressure > 0 || inst.exclusive !== undefined || inst.waitingToEnter > 0) {
        inst.waitingToEnter++;
        const r: Runnable = {
          inst,
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
      call((r) => hooks.onResolve(r), currentRoot());
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
  takesCaller(lifted);
  return lifted;
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

/** Thrown through a synchronous lift adapter when its core function suspended (JSPI): the call goes on later. */
export class Suspended extends UnsupportedError {
  constructor(readonly promise: Promise<unknown>) { super('kumiki internal: a core function suspended (JSPI)'); }
}

/**
 * The core function of an async function type lifted without `async` (syncLiftOfAsync), when the host has JSPI:
 * its flat arguments lowered by the adapter, it runs under `promising` and, when it suspends, throws `Suspended`
 * out of the adapter; once it has returned, the adapter's result half (`resume`, set by the adapter: codegen and
 * interp) takes the result, so the arguments are lowered once. Without `resume`, only a function without
 * parameters can run so: the adapter is called again and gets the result from `replay` (lowering nothing twice).
 */
export interface StackfulCore {
  (...flat: unknown[]): unknown;
  replay: { value: unknown } | undefined;
  /** The adapter's result half, once the adapter is made (a lazy adapter is made at its first call). */
  readonly resumeOf: () => ((c: unknown) => unknown) | undefined;
}

export function stackfulCore(core: Fn, st: InstanceState, table: HandleTable, sig: string | undefined, resumeOf: () => ((c: unknown) => unknown) | undefined): StackfulCore | undefined {
  if (!JSPI || sig === undefined) return undefined;
  const params = !sig.startsWith(':');
  const inst = asyncInstance(st, table);
  let run: ((...a: unknown[]) => unknown) | undefined;
  const f = ((...flat: unknown[]): unknown => {
    const r = f.replay;
    if (r !== undefined) { f.replay = undefined; return r.value; }
    // An adapter without a result half cannot take the outcome of a suspended call with parameters.
    if (inst.flag === undefined || (params && resumeOf() === undefined)) return (core as (...a: unknown[]) => unknown)(...flat);
    run ??= promisingCall(core, sig);
    const v = run!(...flat);
    if (v instanceof Promise) throw new Suspended(v);
    return v;
  }) as StackfulCore;
  f.replay = undefined;
  (f as { resumeOf: StackfulCore['resumeOf'] }).resumeOf = resumeOf;
  return f;
}
