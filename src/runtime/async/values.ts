// stream<T>, future<T> and error-context crossing a boundary (CanonicalABI.md lift_stream/lift_future/
// lift_error_context, lower_stream/lower_future/lower_error_context): a readable end leaves one instance's table as
// a JS object holding the shared stream or future, and enters the next instance's table as a new readable end.
import { Trap } from '../../errors.js';
import { atLocation, describe, ValueTypeError } from '../../abi/errors.js';

/** A bad JS value (the adapter adds the path; the instance is not poisoned). */
function valueError(reason: string, where: string): ValueTypeError {
  const e = new ValueTypeError(reason);
  return where === '' ? e : atLocation(e, where);
}
import type { HandleTable } from '../resources.js';
import { CopyEnd, DONE, IDLE, SharedFuture, SharedStream } from './copy.js';
import { ErrorContext } from './builtins.js';
import { reportStreamError } from '../stream-errors.js';
import { FutureValue, StreamValue, futureFromJs, streamFromJs, type ErrorSink } from './host-streams.js';

export { StreamValue, FutureValue };

/** A JS call of an async export (calls.ts TaskRun): `failPending` rejects its Promise if it is still pending. */
export interface PendingCall { failPending(e: unknown): boolean; pin(): void }

/** The JS call whose arguments are being lowered: a stream or future in them reports its failure to it. */
let lowering: PendingCall | undefined;

/** `lowerArgs(args)` for `call`'s arguments (streams and futures in them report to `call` while it is pending). */
export function lowerArgsOf<S>(call: PendingCall, lowerArgs: (args: readonly unknown[], scope: S) => unknown[], args: readonly unknown[], scope: S): unknown[] {
  const saved = lowering;
  lowering = call;
  try { return lowerArgs(args, scope); } finally { lowering = saved; }
}

/**
 * Where a JS-side failure of a stream or future JS passed to a guest goes (README "Async", "Errors of JS streams"):
 * the Promise of the async export call that passed it while that call is pending; otherwise the `onStreamError`
 * handler (runtime/stream-errors.ts). Never an unhandled rejection (which ends a Node process).
 */
function errorSink(): ErrorSink {
  const call = lowering;
  // The sink keeps the call: its task object is not reused for a later call (calls.ts TaskRun.reusable).
  call?.pin();
  return (e) => { if (call === undefined || !call.failPending(e)) reportStreamError(e); };
}

export type AsyncHandleKind = 'stream' | 'future' | 'error-context';

/** CanonicalABI.md lift_stream / lift_future / lift_error_context. */
export function liftAsyncHandle(t: HandleTable, kind: AsyncHandleKind, key: string, i: number, where: string): unknown {
  const e = t.get(i, where) as unknown;
  if (kind === 'error-context') {
    if (!(e instanceof ErrorContext)) throw new Trap(`${where}: handle ${i} is not an error-context`);
    return e;
  }
  const future = kind === 'future';
  if (!(e instanceof CopyEnd) || !e.readable || (e.shared instanceof SharedFuture) !== future || e.shared.typeId !== key) {
    throw new Trap(`${where}: handle ${i} is not the readable end of a ${kind} of this type`);
  }
  t.remove(i);
  if (e.state === DONE) throw new Trap(future ? 'cannot lift future after previous read succeeded' : 'cannot lift stream after being notified that the writable end dropped');
  if (e.state !== IDLE) throw new Trap(`${where}: cannot lift a ${kind} end while a copy is in progress`);
  if (e.wset !== undefined) throw new Trap(`cannot lift ${kind} while it's in a waitable set`);
  return future ? new FutureValue(e.shared as SharedFuture) : new StreamValue(e.shared as SharedStream);
}

/** CanonicalABI.md lower_stream / lower_future / lower_error_context. */
export function lowerAsyncHandle(t: HandleTable, kind: AsyncHandleKind, key: string, v: unknown, where: string): number {
  if (kind === 'error-context') {
    if (v instanceof ErrorContext) return t.add(v as never);
    if (v instanceof Error) return t.add(new ErrorContext(v.message) as never);
    throw valueError(`expected an error-context (an Error), got ${describe(v)}`, where);
  }
  const future = kind === 'future';
  const shared = v instanceof StreamValue && !future ? v.shared : v instanceof FutureValue && future ? v.shared
    : future ? futureFromJs(v, key, where, errorSink()) : streamFromJs(v, key, where, errorSink());
  if (shared === undefined) throw valueError(`expected a ${kind === 'stream' ? 'stream (an async iterable, a ReadableStream or an iterable of chunks)' : 'future'}, got ${describe(v)}`, where);
  // A stream or future the host made (kumiki/wasi) has no type until it enters an instance.
  if (shared.typeId === undefined) shared.typeId = key;
  if (shared.typeId !== key) throw valueError(`expected a ${kind}<${key}>, got a ${kind}<${String(shared.typeId)}>`, where);
  return t.add(new CopyEnd(shared, true) as never);
}
