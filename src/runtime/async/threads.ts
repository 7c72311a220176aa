// CanonicalABI.md "Threads" (Thread.suspend, wait_until, yield_, suspend_then_resume, …) and the cm-threading
// built-ins (thread.index, thread.new-indirect, thread.resume-later, thread.suspend, thread.yield, thread.*-then-
// resume/promote). A thread's core code runs either on a stack of its own, entered by JSPI's `promising` (then
// blocking returns a Promise to a Suspending import and the stack waits for it), or on its caller's stack (the
// implicit thread of a synchronous call, or any thread where the host has no JSPI): blocking there runs other
// threads that can run now, nested, until it is resumed — as CanonicalABI.md canon_lift allows for calls whose
// function type is not async — and fails when none can (a trap for a synchronous task, else JSPI needed).
import { UnsupportedError } from '../../errors.js';
import { MODULE_HEADER, funcType, name, section, sigTypes } from '../wasm-bytes.js';
import { jspiNeeded, JSPI, promising } from './jspi.js';
import { notify, park, runOneReady, unpark, type Runnable } from './scheduler.js';
import { ambientTask, currentTask, enterThread, RESOLVED, runningThread, setThread, type AsyncInstance, type Task, type Thread } from './task.js';
import { asyncTrap, poison, SYNC_BLOCK } from './trap.js';
import { DEADLOCK } from './deadlock.js';

/** A new thread of `task` (CanonicalABI.md Thread), suspended; `stackful`: it runs on a `promising` stack of its own. */
export function newThread(task: Task, stackful: boolean): Thread {
  return { task, index: 0, running: false, done: false, ready: undefined, stackful, start: undefined, wake: undefined, resumed: 0, waiter: undefined, storage: [0, 0] };
}

function suspended(t: Thread): boolean {
  return !t.running && !t.done && t.ready === undefined;
}

/** The thread whose core code runs in instance `a` now (the implicit thread of its task; made on first use). */
export function currentThread(a: AsyncInstance): Thread {
  const t = currentTask(a) ?? ambientTask(a);
  const c = runningThread();
  return c !== undefined && c.task === t ? c : implicitThread(t);
}

export function implicitThread(t: Task): Thread {
  let th = t.implicit;
  if (th === undefined) {
    th = newThread(t, t.stackful);
    th.running = true;
    t.implicit = th;
    register(t.inst, th);
  }
  return th;
}

function register(a: AsyncInstance, th: Thread): void {
  th.index = a.threads.add(th);
  th.task.threadCount++;
}

function unregister(th: Thread): void {
  th.done = true;
  th.running = false;
  th.task.inst.threads.remove(th.index);
  th.task.threadCount--;
}

/** The thread the stack-switching lock belongs to: only one stack resumed by JSPI runs at a time. */
let resuming: Thread | undefined;

/** Ends the hold of `th` on the lock (it suspended again or finished). */
export function release(th: Thread): void {
  if (resuming !== th) return;
  resuming = undefined;
  // Waiters held back by the lock may run now.
  notify();
}

/** Makes `th` run (CanonicalABI.md Thread.resume): now if it has not started, else when its stack resumes. */
export function resumeThread(th: Thread, cancelled: number): void {
  th.ready = undefined;
  if (th.waiter !== undefined) { unpark(th.waiter); th.waiter = undefined; }
  th.running = true;
  const start = th.start;
  if (start !== undefined) { th.start = undefined; runThread(th, start); return; }
  const wake = th.wake;
  if (wake !== undefined) {
    th.wake = undefined;
    resuming = th;
    wake(cancelled);
    return;
  }
  // Blocked on a caller's stack below: it sees `running` once control returns to it.
  th.resumed = cancelled;
}

/** Runs a new thread's function (on a `promising` stack of its own with JSPI) until it returns or suspends. */
function runThread(th: Thread, f: () => unknown): void {
  let r: unknown;
  try {
    r = enterThread(th, th.stackful ? 1 : 0, f);
  } catch (e) {
    unregister(th);
    throw e;
  }
  if (r instanceof Promise) {
    r.then(() => { leave(th); unregister(th); }, (e: unknown) => { leave(th); unregister(th); fail(th, e); });
  } else unregister(th);
}

/** A thread's stack returned or failed after a resumption: no thread runs on the event loop. */
function leave(th: Thread): void {
  release(th);
  setThread(undefined, th.task.inst, 0);
}

/** A trap in a thread's core code poisons its instance and ends the JS call at the root of its task. */
function fail(th: Thread, e: unknown): void {
  const err = poison(th.task.inst.st, th.task.name, e);
  th.task.root?.(err);
}

/**
 * Blocks the running thread `th` (CanonicalABI.md Thread.block_internal / switch_to_internal): it waits for `ready`
 * (or is suspended when undefined) and control goes to `other` if given. Returns Cancelled (0 here: no thread is
 * cancellable since component-model #716), or a Promise of it when `th` suspends its own stack.
 */
export function blockThread(th: Thread, ready: (() => boolean) | undefined, other: Thread | undefined, name: string, canSuspend = true, stuck?: () => boolean): number | Promise<number> {
  th.running = false;
  th.ready = ready;
  if (other !== undefined) resumeThread(other, 0);
  if (th.running) return th.resumed;
  const a = th.task.inst;
  if (canSuspend && th.stackful && a.flag !== undefined && a.flag.value === 1) {
    // A wait nothing can end traps as the spec's deadlock rather than suspending for ever (deadlock.ts).
    if (stuck !== undefined && stuck()) { th.ready = undefined; th.running = true; asyncTrap(DEADLOCK); }
    release(th);
    // A callback task that has already returned its value and then blocks in a synchronous built-in lets other
    // tasks in while its stack is suspended, and takes the exclusive slot back to resume (sync-streams.wast); one
    // that has not returned yet, or a synchronously lifted one, keeps it (async-calls-sync.wast).
    const holds = a.exclusive === th.task && th.task.opts.callback !== undefined && th.task.state === RESOLVED;
    if (holds) { a.exclusive = undefined; notify(); }
    if (ready !== undefined) {
      const w: Runnable = {
        inst: a,
        ready: () => resuming === undefined && (!holds || a.exclusive === undefined) && th.ready !== undefined && th.ready(),
        run: () => { th.waiter = undefined; resumeThread(th, 0); },
      };
      th.waiter = w;
      park(w);
    }
    const p = new Promise<number>((resolve) => { th.wake = resolve; }).then((c) => {
      setThread(th, a, 1);
      if (holds) a.exclusive = th.task;
      return c;
    });
    setThread(undefined, a, 0);
    return p;
  }
  return blockOnStack(th, name, stuck);
}

const MAX_DEPTH = 4, MAX_ROUNDS = 256;
let depth = 0;

/**
 * `th` blocks on its caller's stack: other threads of its instance that can run now run (CanonicalABI.md canon_lift's
 * loop for calls whose type is not async), then ready stackless work of other instances (async tasks only), until
 * `th` is resumed or ready; otherwise a trap (a synchronous task: CanonicalABI.md canon_lift `trap_if(not candidates)`)
 * or, for an async task, JSPI needed (nothing here can make it ready without the host's event loop).
 */
function blockOnStack(th: Thread, name: string, stuck?: () => boolean): number {
  const a = th.task.inst;
  if (depth >= MAX_DEPTH) throw jspiNeeded(name);
  depth++;
  try {
    for (let n = 0; ; n++) {
      if (th.running) return th.resumed;
      if (th.ready !== undefined && th.ready()) {
        th.ready = undefined;
        th.running = true;
        if (th.waiter !== undefined) { unpark(th.waiter); th.waiter = undefined; }
        return 0;
      }
      const c = candidate(a, th);
      if (c !== undefined) { resumeThread(c, 0); continue; }
      // A thread of its own started on this stack (no JSPI here) cannot give the stack back to the one below.
      if (th !== th.task.implicit) throw jspiNeeded(name, 'a thread must suspend its own stack');
      if (!th.task.opts.fnAsync) {
        // Threads of the instance that wait on their own stacks could run, but only on the host's event loop.
        if (waitingElsewhere(a, th)) throw new UnsupportedError(`${name}: a synchronous call must wait for a thread suspended on its own stack (JSPI), which can run only once the caller's stack is suspended too: kumiki runs synchronous calls on their caller's stack`);
        asyncTrap(`${SYNC_BLOCK} (deadlock detected: event loop cannot make further progress)`);
      }
      if (n < MAX_ROUNDS && runOneReady()) continue;
      if (stuck !== undefined && stuck()) asyncTrap(DEADLOCK);
      throw jspiNeeded(name);
    }
  } catch (e) {
    th.ready = undefined;
    th.running = true;
    throw e;
  } finally {
    depth--;
  }
}

/** A thread of `a` that can run now on this stack: not started, and ready (CanonicalABI.md canon_lift candidates). */
function candidate(a: AsyncInstance, except: Thread): Thread | undefined {
  for (const t of a.threads.values()) {
    if (t === except || t.running || t.done || t.start === undefined) continue;
    if (t.ready !== undefined && t.ready() && a.exclusive !== t.task) return t;
  }
  return undefined;
}

/** A thread of `a` on a stack of its own that waits, or was resumed but runs only from the host's event loop. */
function waitingElsewhere(a: AsyncInstance, except: Thread): boolean {
  for (const t of a.threads.values()) {
    if (t !== except && !t.done && t.stackful && t.start === undefined && (t.wake !== undefined || resuming === t)) return true;
  }
  return false;
}

/** Traps unless `i` names a thread of `a` (CanonicalABI.md `inst.threads.get(i)`). */
function threadAt(a: AsyncInstance, i: number, name: string): Thread {
  const t = a.threads.get(i);
  if (t === undefined) asyncTrap(`${name}: thread index ${i} is not a thread of this instance`);
  return t;
}

type Core = (...args: never[]) => unknown;

/** `(module (import "" "f" (func (param i32))))`: linking a function to it is the engine's exact type check (JS
 *  has no type reflection for wasm functions); a mismatch is a LinkError. */
function startCheckBytes(): Uint8Array<ArrayBuffer> {
  const { params, results } = sigTypes('i:');
  // Type section: one (i32) -> (); import section: "" "f" as a function (kind 0) of type 0.
  return new Uint8Array([...MODULE_HEADER, ...section(1, [1, ...funcType(params, results)]), ...section(2, [1, ...name(''), ...name('f'), 0, 0])]);
}
let startCheck: WebAssembly.Module | undefined;
/** Functions already found to be `(i32) -> ()` (a thread start is often the same function). */
const startTyped = new WeakSet<object>();

/** Whether table element `f` is a core function of type `(i32) -> ()` (thread.new-indirect's start type). */
function isStartType(f: (c: number) => unknown): boolean {
  if (startTyped.has(f)) return true;
  startCheck ??= new WebAssembly.Module(startCheckBytes());
  try {
    new WebAssembly.Instance(startCheck, { '': { f } });
  } catch (e) {
    if (e instanceof WebAssembly.LinkError) return false;
    throw e;
  }
  startTyped.add(f);
  return true;
}

/** The cm-threading built-ins of instance `a`; `table` is thread.new-indirect's core table. */
export function threadBuiltin(kind: string, a: AsyncInstance, table: WebAssembly.Table | undefined, mayLeave: () => void): Core | undefined {
  switch (kind) {
    case 'thread.index': return () => { mayLeave(); return currentThread(a).index; };
    case 'thread.new-indirect': return (fi: number, c: number) => {
      mayLeave();
      const task = currentTask(a) ?? ambientTask(a);
      const f = fi >>> 0 < (table?.length ?? 0) ? table!.get(fi) as ((c: number) => unknown) | null : undefined;
      if (f === undefined) asyncTrap(`thread.new-indirect: table index ${fi} out of bounds`);
      if (f === null) asyncTrap(`thread.new-indirect: uninitialized table element ${fi}`);
      // CanonicalABI.md canon thread.new-indirect: trap_if(f.type != ft); validation fixed ft to (i32) -> ().
      if (!isStartType(f)) asyncTrap('thread.new-indirect: start function does not match expected type (currently only `(i32) -> ()` is supported)');
      const th = newThread(task, JSPI && a.flag !== undefined);
      const run = th.stackful ? promising(f) : f;
      th.start = () => run(c);
      register(a, th);
      return th.index;
    };
    case 'thread.resume-later': return (i: number) => {
      mayLeave();
      const t = threadAt(a, i, kind);
      if (!suspended(t)) asyncTrap(`${kind}: thread ${i} is not suspended`);
      waitOn(t, () => true);
      return undefined;
    };
    case 'thread.suspend': return () => { mayLeave(); return switchFrom(a, undefined, false, kind); };
    case 'thread.yield': return () => {
      mayLeave();
      const th = currentThread(a);
      // A yield on a caller's stack completes without switching (CanonicalABI.md Thread.wait_until may return at
      // once); other ready stackless work runs first, as before threads.
      if (!th.stackful || a.flag?.value !== 1) {
        const t = currentTask(a);
        if (t !== undefined && t.opts.fnAsync) runOneReady();
        return 0;
      }
      return blockThread(th, () => true, undefined, kind);
    };
    case 'thread.suspend-then-resume': case 'thread.yield-then-resume': return (i: number) => {
      mayLeave();
      const other = threadAt(a, i, kind);
      if (!suspended(other)) asyncTrap(`${kind}: thread ${i} is not suspended`);
      return switchFrom(a, other, kind === 'thread.yield-then-resume', kind);
    };
    case 'thread.suspend-then-promote': case 'thread.yield-then-promote': return (i: number) => {
      mayLeave();
      const other = threadAt(a, i, kind);
      const yields = kind === 'thread.yield-then-promote';
      const promote = !other.running && !other.done && other.ready !== undefined && other.ready();
      return switchFrom(a, promote ? other : undefined, yields, kind);
    };
    default: return undefined;
  }
}

/** The running thread blocks (suspended, or ready at once when it yields) and `other` runs. */
function switchFrom(a: AsyncInstance, other: Thread | undefined, yields: boolean, name: string): number | Promise<number> {
  const th = currentThread(a);
  if (other === th) asyncTrap(`${name}: a thread cannot switch to itself`);
  if (other !== undefined) { other.ready = undefined; if (other.waiter !== undefined) { unpark(other.waiter); other.waiter = undefined; } }
  return blockThread(th, yields ? () => true : undefined, other, name);
}

/** A suspended thread starts waiting for `ready` (thread.resume-later): the scheduler resumes it. */
function waitOn(t: Thread, ready: () => boolean): void {
  t.ready = ready;
  const w: Runnable = {
    inst: t.task.inst,
    ready: () => resuming === undefined && t.ready !== undefined && t.ready(),
    run: () => {
      t.waiter = undefined;
      // Run by the event loop: a trap ends the thread's task (its instance is poisoned), not the host's loop.
      try { resumeThread(t, 0); } catch (e) { fail(t, e); }
    },
  };
  t.waiter = w;
  park(w);
}

/** A task's core code under `promising` returned (or failed) after its stack was resumed: none runs now. */
export function leaveStack(a: AsyncInstance, th: Thread | undefined): void {
  if (th !== undefined) release(th);
  setThread(undefined, a, 0);
}

/** A task's implicit thread ends with the task (CanonicalABI.md Task.exit_implicit_thread): its index is freed. */
export function exitImplicit(t: Task): void {
  const th = t.implicit;
  if (th !== undefined && !th.done) unregister(th);
}
