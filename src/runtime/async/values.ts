// stream<T>, future<T> and error-context crossing a boundary (CanonicalABI.md lift_stream/lift_future/
// lift_error_context, lower_stream/lower_future/lower_error_context): a readable end leaves one instance's table as
// a JS object holding the shared stream or future, and enters the next instance's table as a new readable end.
import { Trap } from '../../errors.js';
import type { HandleTable } from '../resources.js';
import { CopyEnd, DONE, IDLE, SharedFuture, SharedStream } from './copy.js';
import { ErrorContext } from './builtins.js';

/** A readable stream<T> as JS holds it. */
export class StreamValue {
  constructor(readonly shared: SharedStream) {}
}

/** A readable future<T> as JS holds it. */
export class FutureValue {
  constructor(readonly shared: SharedFuture) {}
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
    if (!(v instanceof ErrorContext)) throw new TypeError(`${where}: expected an error-context, got ${typeof v}`);
    return t.add(v as never);
  }
  const future = kind === 'future';
  const shared = v instanceof StreamValue && !future ? v.shared : v instanceof FutureValue && future ? v.shared : undefined;
  if (shared === undefined) throw new TypeError(`${where}: expected a ${kind} (one that kumiki lifted), got ${v === null ? 'null' : typeof v}`);
  // A stream or future the host made (kumiki/wasi) has no type until it enters an instance.
  if (shared.typeId === undefined) shared.typeId = key;
  if (shared.typeId !== key) throw new TypeError(`${where}: the ${kind} has another element type`);
  return t.add(new CopyEnd(shared, true) as never);
}
