// The async canon built-ins as core functions over one instance (CanonicalABI.md "canon context.get" …
// "canon error-context.drop"). Made by the linker from plain data (BuiltinDesc), the same in every mode.
import { UnsupportedError } from '../../errors.js';
import { p64 } from '../addr64.js';
import type { InstanceState } from '../instance-state.js';
import type { HandleTable } from '../resources.js';
import type { BuiltinDesc } from '../../abi/async-builtin.js';
import {
  BLOCKED, COPY_COMPLETED, COPY_DROPPED, EVENT_FUTURE_READ, EVENT_FUTURE_WRITE, EVENT_NONE, EVENT_STREAM_READ, EVENT_STREAM_WRITE,
  EVENT_TASK_CANCELLED, type EventTuple,
} from './codes.js';
import { CANCELLING, COPYING, CopyEnd, DONE, GuestBuffer, IDLE, SharedFuture, SharedStream, type ElemCodec } from './copy.js';
import { notify } from './scheduler.js';
import { jspiFlag, suspendable } from './jspi.js';
import { threadBuiltin } from './threads.js';
import { deadlocked } from './deadlock.js';
import { block } from './block.js';
import { asyncInstance, currentTask, runningThread, Subtask, type AsyncInstance } from './task.js';
import { asyncTrap, SYNC_BLOCK } from './trap.js';
import { Waitable, WaitableSet } from './waitables.js';

/** An error-context value (CanonicalABI.md ErrorContext): an Error carrying the debug message. */
export class ErrorContext extends Error {
  override name = 'ErrorContext';
  constructor(message: string) { super(message); }
}

type Core = (...args: never[]) => unknown;

/** What a built-in closes over. */
export interface BuiltinEnv {
  readonly st: InstanceState;
  readonly table: HandleTable;
  readonly memory: WebAssembly.Memory | undefined;
  readonly realloc?: ((...a: number[]) => number) | undefined;
  /** stream/future read and write: the element codec (elements whose JS form is not bytes). */
  readonly codec?: ElemCodec | undefined;
  /** The core signature (abi/core-sig.ts), for built-ins that may block: JSPI's switch trampoline. */
  readonly sig?: string | undefined;
  /** thread.new-indirect's core table. */
  readonly coreTable?: WebAssembly.Table | undefined;
}

/** Built-ins that may block their caller (without the `async` option): JSPI may suspend there. */
const MAY_BLOCK = new Set([
  'waitable-set.wait', 'subtask.cancel', 'stream.read', 'stream.write', 'future.read', 'future.write',
  'stream.cancel-read', 'stream.cancel-write', 'future.cancel-read', 'future.cancel-write',
  'thread.yield', 'thread.suspend', 'thread.suspend-then-resume', 'thread.yield-then-resume', 'thread.suspend-then-promote', 'thread.yield-then-promote',
]);

/** The core function for built-in `d` in an instance: through JSPI's switch where it may block (runtime/async/jspi.ts). */
export function makeBuiltin(d: BuiltinDesc, env: BuiltinEnv): Core {
  const f = makeBuiltinFn(d, env);
  if (d.async === true || !MAY_BLOCK.has(d.kind)) return f;
  return suspendable(f, env.sig, jspiFlag(asyncInstance(env.st, env.table)));
}

function mayLeave(a: AsyncInstance, name: string): void {
  if (a.st.l !== 0) asyncTrap(`${name}: cannot leave component instance (CanonicalABI.md may_leave)`);
}

function get(a: AsyncInstance, i: number, name: string): unknown {
  return a.table.get(i, name) as unknown;
}

/** A built-in that may block, called synchronously by a task whose function type is not async: a trap at once. */
function syncMayBlock(a: AsyncInstance): void {
  const t = currentTask(a);
  if (t === undefined || !t.opts.fnAsync) asyncTrap(SYNC_BLOCK);
}

function writeEvent(env: BuiltinEnv, p: number | bigint, e: EventTuple): number {
  const ptr = typeof p === 'bigint' ? p64(p) : p; // a 64-bit memory's pointer (cm64)
  const m = env.memory;
  if (m === undefined || ptr % 4 !== 0 || ptr + 8 > m.buffer.byteLength) asyncTrap(`event pointer ${ptr} is out of bounds or unaligned`);
  const dv = new DataView(m.buffer);
  dv.setUint32(ptr, e[1], true);
  dv.setUint32(ptr + 4, e[2], true);
  return e[0];
}

function makeBuiltinFn(d: BuiltinDesc, env: BuiltinEnv): Core {
  const a = asyncInstance(env.st, env.table);
  const k = d.kind;
  // CanonicalABI.md context.get/set: the running thread's slots (an implicit thread's are its task's).
  const storage = (): number[] => {
    const th = runningThread();
    if (th !== undefined && th.task.inst === a && th !== th.task.implicit) return th.storage;
    return currentTask(a)?.storage ?? a.storage;
  };
  switch (k) {
    case 'backpressure.inc': return () => {
      if (++a.backpressure >= 2 ** 16) asyncTrap('backpressure counter overflow');
    };
    case 'backpressure.dec': return () => {
      if (--a.backpressure < 0) asyncTrap('backpressure counter underflow');
      if (a.backpressure === 0) notify();
    };
    case 'context.get': { const s = d.slot!; return () => storage()[s]; }
    case 'context.set': { const s = d.slot!; return (v: number) => { storage()[s] = v; }; }
    case 'task.cancel': return () => {
      mayLeave(a, k);
      const t = currentTask(a);
      if (t === undefined || !t.opts.async) asyncTrap('task.cancel called by a synchronous task');
      t.cancel();
    };
    case 'waitable-set.new': return () => { mayLeave(a, k); return a.table.add(new WaitableSet() as never); };
    case 'waitable-set.drop': return (i: number) => {
      mayLeave(a, k);
      const ws = get(a, i, k);
      if (!(ws instanceof WaitableSet)) asyncTrap(`${k}: handle ${i} is not a waitable set`);
      ws.drop();
      a.table.remove(i);
    };
    case 'waitable-set.wait': case 'waitable-set.poll': return (si: number, ptr: number | bigint) => {
      mayLeave(a, k);
      const ws = get(a, si, k);
      if (!(ws instanceof WaitableSet)) asyncTrap(`${k}: handle ${si} is not a waitable set`);
      if (k === 'waitable-set.poll') return writeEvent(env, ptr, ws.hasPendingEvent() ? ws.getPendingEvent() : [EVENT_NONE, 0, 0]);
      syncMayBlock(a);
      ws.numWaiting++;
      try {
        const then = (): number => { ws.numWaiting--; return writeEvent(env, ptr, ws.getPendingEvent()); };
        return settle(block(a, () => ws.hasPendingEvent(), k, then, true, () => deadlocked(ws, a)), () => ws.numWaiting--);
      } catch (e) {
        ws.numWaiting--;
        throw e;
      }
    };
    case 'waitable.join': return (wi: number, si: number) => {
      mayLeave(a, k);
      const w = get(a, wi, k);
      if (!(w instanceof Waitable)) asyncTrap(`${k}: handle ${wi} is not a waitable`);
      if (w.hasSyncWaiter) asyncTrap(`${k}: the waitable has a synchronous waiter`);
      if (si === 0) { w.join(undefined); return; }
      const ws = get(a, si, k);
      if (!(ws instanceof WaitableSet)) asyncTrap(`${k}: handle ${si} is not a waitable set`);
      w.join(ws);
    };
    case 'subtask.drop': return (i: number) => {
      mayLeave(a, k);
      const s = get(a, i, k);
      if (!(s instanceof Subtask)) asyncTrap(`${k}: handle ${i} is not a subtask`);
      s.drop();
      a.table.remove(i);
      s.recycle();
    };
    case 'subtask.cancel': { const isAsync = d.async === true; return (i: number) => {
      mayLeave(a, k);
      if (!isAsync) syncMayBlock(a);
      const s = get(a, i, k);
      if (!(s instanceof Subtask)) asyncTrap(`${k}: handle ${i} is not a subtask`);
      if (s.delivered) asyncTrap(`${k}: the subtask's resolution was already delivered`);
      if (s.cancellationRequested) asyncTrap(`${k}: cancellation was already requested`);
      if (s.wset !== undefined && !isAsync) asyncTrap(`${k}: waitable cannot be used synchronously while added to a waitable set`);
      const done = (): number => {
        s.getPendingEvent();
        s.delivered = true;
        return s.state;
      };
      if (!s.resolved()) {
        s.cancellationRequested = true;
        s.onCancel?.();
        if (!s.resolved()) {
          if (isAsync) return BLOCKED;
          return block(a, () => s.hasPendingEvent(), k, done);
        }
      }
      return done();
    }; }
    case 'stream.new': case 'future.new': return () => {
      mayLeave(a, k);
      const shared = k === 'stream.new' ? new SharedStream(d.typeId) : new SharedFuture(d.typeId);
      const ri = a.table.add(new CopyEnd(shared, true) as never);
      const wi = a.table.add(new CopyEnd(shared, false) as never);
      return BigInt(ri) | (BigInt(wi) << 32n);
    };
    case 'stream.read': case 'stream.write': case 'future.read': case 'future.write': return copyBuiltin(d, env, a);
    case 'stream.cancel-read': case 'stream.cancel-write': case 'future.cancel-read': case 'future.cancel-write': {
      const reading = k.endsWith('read');
      const isAsync = d.async === true;
      return (i: number) => {
        mayLeave(a, k);
        if (!isAsync) syncMayBlock(a);
        const e = endOf(a, i, d, reading, k);
        if (e.state !== COPYING || e.hasSyncWaiter) asyncTrap(`${k}: no copy is in progress on this end`);
        // CanonicalABI.md stream.cancel-read: a synchronous cancel of an end in a waitable set traps, unless the
        // 'sync-cancel-in-set' compatibility option is on and the cancel completes at once (see the check below).
        if (e.wset !== undefined && !isAsync && !a.compat.syncCancelInSet) asyncTrap(`${k}: waitable cannot be used synchronously while added to a waitable set`);
        e.state = CANCELLING;
        // A copy still waiting for the other end is cancelled even after a partial copy (its count is kept).
        if (!e.hasPendingEvent() || e.shared.isPending(e.buf)) {
          e.shared.cancel();
          if (!e.hasPendingEvent()) {
            if (isAsync) return BLOCKED;
            // Only a synchronous cancel that would wait traps for an end in a waitable set: wit-bindgen's async
            // runtime (the jco-p3 and wasi-testsuite P3 programs) cancels its wake-up stream's read synchronously
            // at task exit while it is in the task's set, and it completes at once (kumiki/wasi, issue 13).
            if (e.wset !== undefined) asyncTrap('waitable cannot be used synchronously while added to a waitable set');
            return block(a, () => e.hasPendingEvent(), k, () => e.getPendingEvent()[2]);
          }
        }
        return e.getPendingEvent()[2];
      };
    }
    case 'stream.drop-readable': case 'stream.drop-writable': case 'future.drop-readable': case 'future.drop-writable': {
      const reading = k.endsWith('readable');
      return (i: number) => {
        mayLeave(a, k);
        const e = endOf(a, i, d, reading, k);
        e.drop();
        a.table.remove(i);
      };
    }
    case 'error-context.new': return (p: number | bigint, l: number | bigint) => {
      mayLeave(a, k);
      const ptr = typeof p === 'bigint' ? p64(p) : p, len = typeof l === 'bigint' ? p64(l) : l;
      const m = env.memory!;
      if (ptr + len > m.buffer.byteLength) asyncTrap(`${k}: string out of bounds`);
      const msg = new TextDecoder().decode(new Uint8Array(m.buffer, ptr, len));
      return a.table.add(new ErrorContext(msg) as never);
    };
    case 'error-context.debug-message': return (i: number, pp: number | bigint) => {
      const ptr = typeof pp === 'bigint' ? p64(pp) : pp;
      mayLeave(a, k);
      const ec = get(a, i, k);
      if (!(ec instanceof ErrorContext)) asyncTrap(`${k}: handle ${i} is not an error-context`);
      const bytes = new TextEncoder().encode(ec.message);
      const p = env.realloc!(0, 0, 1, bytes.length);
      const m = env.memory!;
      new Uint8Array(m.buffer).set(bytes, p);
      const dv = new DataView(m.buffer);
      if (d.addr64 === true) { dv.setBigUint64(ptr, BigInt(p), true); dv.setBigUint64(ptr + 8, BigInt(bytes.length), true); }
      else { dv.setUint32(ptr, p, true); dv.setUint32(ptr + 4, bytes.length, true); }
    };
    case 'error-context.drop': return (i: number) => {
      mayLeave(a, k);
      const ec = get(a, i, k);
      if (!(ec instanceof ErrorContext)) asyncTrap(`${k}: handle ${i} is not an error-context`);
      a.table.remove(i);
    };
    default: {
      const t = threadBuiltin(k, a, env.coreTable, () => mayLeave(a, k));
      if (t !== undefined) return t;
      return () => { mayLeave(a, k); throw new UnsupportedError(`${k}: this built-in is not supported`); };
    }
  }
}

/** A blocking built-in's result: `undo` runs when a suspended wait fails instead (the stack's trap). */
function settle<R>(r: R | Promise<R>, undo: () => void): R | Promise<R> {
  if (r instanceof Promise) return r.catch((e: unknown) => { undo(); throw e; });
  return r;
}


function endOf(a: AsyncInstance, i: number, d: BuiltinDesc, readable: boolean, name: string): CopyEnd {
  const e = get(a, i, name);
  const future = d.kind.startsWith('future');
  if (!(e instanceof CopyEnd) || e.readable !== readable || (e.shared instanceof SharedFuture) !== future) {
    asyncTrap(`${name}: handle ${i} is not the ${readable ? 'readable' : 'writable'} end of a ${future ? 'future' : 'stream'}`);
  }
  if (e.shared.typeId !== d.typeId) asyncTrap(`${name}: handle ${i} is a ${future ? 'future' : 'stream'} of another type`);
  return e;
}

/** CanonicalABI.md stream_copy / future_copy. */
function copyBuiltin(d: BuiltinDesc, env: BuiltinEnv, a: AsyncInstance): Core {
  const k = d.kind;
  const reading = k.endsWith('read');
  const future = k.startsWith('future');
  const isAsync = d.async === true;
  const elem = d.elem ?? { size: 0, align: 1, plain: true };
  const code = future ? (reading ? EVENT_FUTURE_READ : EVENT_FUTURE_WRITE) : (reading ? EVENT_STREAM_READ : EVENT_STREAM_WRITE);
  // A 64-bit memory (cm64): the pointer and length come as i64 and a stream copy's result goes back as one.
  const wide = d.addr64 === true;
  const copy = (i: number, ptr: number, n?: number): number | Promise<number> => {
    mayLeave(a, k);
    if (!isAsync) syncMayBlock(a);
    const e = endOf(a, i, d, reading, k);
    if (e.state === DONE) asyncTrap(future
      ? (reading ? 'cannot read from future after previous read succeeded' : 'cannot write to future after previous write succeeded')
      : (reading ? 'cannot read from stream after being notified that the writable end dropped' : 'cannot write to stream after being notified that the readable end dropped'));
    if (e.state !== IDLE) asyncTrap(`${k}: a copy is already in progress on this end`);
    if (e.wset !== undefined && !isAsync) asyncTrap(`${k}: waitable cannot be used synchronously while added to a waitable set`);
    const buf = new GuestBuffer(env.memory, ptr >>> 0, future ? 1 : (n! >>> 0), elem.size, elem.align, a);
    // Elements with pointers or handles: copied only with a host end that encodes them (GuestBuffer.takeFrom).
    buf.nonPlain = !elem.plain;
    buf.realloc = env.realloc;
    buf.codec = env.codec;
    if (elem.own === true) buf.handles = a.table;
    e.state = COPYING;
    e.buf = buf;
    if (future) {
      (e.shared as SharedFuture).copy(buf, reading, (result) => {
        e.setPendingEvent(() => {
          e.state = result === COPY_DROPPED || result === COPY_COMPLETED ? DONE : IDLE;
          return [code, i, result];
        });
      });
    } else {
      const ev = (result: number, reclaim: () => void) => (): EventTuple => {
        reclaim();
        e.state = result === COPY_DROPPED ? DONE : IDLE;
        return [code, i, result | (buf.progress << 4)];
      };
      (e.shared as SharedStream).copy(buf, reading, (reclaim) => e.setPendingEvent(ev(COPY_COMPLETED, reclaim)), (result) => e.setPendingEvent(ev(result, () => {})));
    }
    if (!e.hasPendingEvent()) {
      if (isAsync) return BLOCKED;
      e.hasSyncWaiter = true;
      const done = (): number => { e.hasSyncWaiter = false; return e.getPendingEvent()[2]; };
      try {
        return settle(block(a, () => e.hasPendingEvent(), k, done), () => { e.hasSyncWaiter = false; });
      } catch (x) {
        e.hasSyncWaiter = false;
        throw x;
      }
    }
    return e.getPendingEvent()[2];
  };
  if (!wide) return copy;
  if (future) return (i: number, ptr: bigint) => copy(i, p64(ptr));
  return (i: number, ptr: bigint, n: bigint) => {
    const r = copy(i, p64(ptr), p64(n));
    // Under JSPI a blocking copy's result comes later (runtime/async/jspi.ts suspends on the Promise).
    return typeof r === 'number' ? BigInt(r) : r.then(BigInt);
  };
}

export { EVENT_TASK_CANCELLED };

/** CanonicalABI.md canon task.return: the callee of task.return's lower plan (the value is already lifted). */
export function taskReturn(st: InstanceState, table: HandleTable): (value?: unknown) => void {
  const a = asyncInstance(st, table);
  return (value?: unknown) => {
    const t = currentTask(a);
    if (t === undefined || !t.opts.async) asyncTrap('task.return called by a task that was not lifted `async`');
    t.return(value);
  };
}
