// The helpers generated adapters (codegen/) and the plan interpreter (interp/) call: one object, passed as `h`.
import { ComponentError, Trap, UnsupportedError } from '../../errors.js';
import { poisonState, type InstanceState } from '../instance-state.js';
import { isValueError } from '../../abi/errors.js';
import { coreTrapReason } from '../../abi/trap-texts.js';
import { alloc, MemView, out } from './memview.js';
import { liftLatin1Utf16, liftUtf16, liftUtf8, lowerLatin1Utf16, lowerUtf16, lowerUtf8 } from './strings.js';
import { checkList, liftList, storeTyped, typedLength } from './lists.js';
import type { AsyncHandleKind } from '../async/values.js';
import type { HandleTable } from '../resources.js';
import { borrowLog, borrowRep, borrowsLeft, hostMethodOf, lend, liftBorrow, liftOwn, lowerBorrow, lowerOwn, release, unlend, unlower } from '../resources.js';
import { atIndex, flagsBits, mapEntries } from './checks.js';
import { liftMap } from '../../abi/map-entries.js';
import { badDisc, badEnum, badTag, badValue, charCode, checkNumber, f32ToI32, f64ToI64, i32ToF32, i64ToF64, liftChar, rangeError, typeError } from './checks.js';

export type { InstanceState } from '../instance-state.js';

/** The guest called out (an import or a resource built-in) while it may not leave: a trap. `l` is `st.l` (1 or 2). */
export function leaveFail(name: string, l: number): never {
  const during = l === 2 ? 'during realloc' : 'during post-return';
  throw new Trap(`${name}: cannot leave component instance ${during} (CanonicalABI.md may_leave)`);
}

// CanonicalABI.md "call_might_be_recursive": entering a nested instance traps while an ancestor is inside a call;
// while it runs, its ancestors cannot be entered (state 3). Only instances with a parent pay for this.
export function enterNested(st: InstanceState, name: string): void {
  for (let a = st.p; a !== undefined; a = a.p) {
    if (a.f === 1) throw new Trap(`${name}: cannot enter component instance: an enclosing instance is inside a call (CanonicalABI.md call_might_be_recursive)`);
  }
  for (let a = st.p; a !== undefined; a = a.p) {
    a.d++;
    if (a.f === 0) a.f = 3;
  }
}

export function exitNested(st: InstanceState): void {
  for (let a = st.p; a !== undefined; a = a.p) {
    if (--a.d === 0 && a.f === 3) a.f = 0;
  }
}

/**
 * A JS error that is the host's fault although guest code was running (a host function of a non-async WIT function
 * returned a Promise): the call fails with it unchanged, and the instance is poisoned (its guest code was unwound).
 */
const HOST_FAULTS = new WeakSet<object>();
export function hostFault<E extends Error>(e: E): E {
  HOST_FAULTS.add(e);
  return e;
}

/**
 * Errors that crossed a component boundary (link/boundary.ts): recorded for the calling instance, whose core
 * code then traps (`unreachable` in a trampoline, uncatchable by core handlers); `fail` reports the recorded one.
 */
const BOUNDARY = new WeakMap<InstanceState, unknown>();
export function pendBoundary(st: InstanceState, e: unknown): void {
  // A boundary trap of this instance unwinding through another boundary keeps the error it was raised for.
  BOUNDARY.set(st, takeBoundary(st, e));
}
/** The error recorded for `st` if `e` is the trap a boundary trampoline raised for it, else `e`. */
export function takeBoundary(st: InstanceState, e: unknown): unknown {
  if (!(e instanceof WebAssembly.RuntimeError) || !BOUNDARY.has(st)) return e;
  const cause = BOUNDARY.get(st);
  BOUNDARY.delete(st);
  return cause;
}

/** A fault of guest code: a core trap (or a `Trap` the ABI raised for the guest) or a core exception. */
function guestFault(e: unknown): boolean {
  return e instanceof WebAssembly.RuntimeError || (typeof WebAssembly.Exception === 'function' && e instanceof WebAssembly.Exception);
}

/**
 * A trap naming the function and cause; poisons the instance. Value errors (bad JS arguments) pass unchanged, and so
 * does any other error thrown while the arguments were lowered (`lowering`: a throwing getter, a revoked Proxy):
 * only the guest's `realloc` runs then, and it cannot call out, so such an error is the host's, not a trap (issue 10).
 * Generated adapters mark the lowering by `st.l === 2`; the interpreter passes `lowering` itself.
 */
export function fail(st: InstanceState, name: string, e: unknown, lowering: boolean = st.l === 2): unknown {
  if (st.p !== undefined) exitNested(st);
  e = takeBoundary(st, e);
  st.l = 0; // the call ended while lowering into a realloc or during post-return
  if (isValueError(e) || (lowering && !guestFault(e))) {
    st.f = 0;
    st.b = 0; // borrows lent to a call that never started
    return e;
  }
  const r = failure(name, e);
  poisonState(st, e, r);
  return r;
}

/** What a failed call reports for `e` (the instance is poisoned). */
function failure(name: string, e: unknown): unknown {
  if (e !== null && typeof e === 'object' && HOST_FAULTS.has(e)) return e;
  // What this host cannot do (a task that must block without JSPI) stays an UnsupportedError; the instance,
  // stopped midway, is poisoned all the same.
  if (e instanceof UnsupportedError) return e;
  // A core wasm trap (the engine's RuntimeError) is reworded as the reference runtime words it, when known.
  const why = e instanceof Error ? (e instanceof WebAssembly.RuntimeError && !(e instanceof Trap) ? coreTrapReason(e.message) : e.message)
    : typeof WebAssembly.Exception === 'function' && e instanceof WebAssembly.Exception ? 'uncaught core exception (an exception cannot leave a component instance)'
    : String(e);
  return new Trap(`${name}: ${why}`, { cause: e });
}

/**
 * The value a host function returned for a WIT function that is not `async`: a thenable is a TypeError naming the
 * import (a Promise cannot be lowered, and dropping it would lose its outcome); anything else passes unchanged.
 */
export function syncResult<T>(v: T, name: string): T {
  if (typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function') thenable(v, name);
  return v;
}

function thenable(v: object, name: string): never {
  // Its rejection, if any, is reported here rather than left unhandled.
  if (v instanceof Promise) v.then(undefined, () => {});
  throw hostFault(new TypeError(`import ${name}: the host function returned a Promise (a thenable), but ${name} is not an async function: return the value itself`));
}

/** An export was called while the instance is poisoned or already inside a call (no reentrance). */
export function enterFail(st: InstanceState, name: string): never {
  if (st.f === 2) {
    const why = st.cause instanceof Error ? st.cause.message : String(st.cause);
    throw new Trap(`${name}: cannot enter component instance: it is poisoned by an earlier trap (${why})`, { cause: st.cause });
  }
  if (st.f === 3) throw new Trap(`${name}: cannot enter component instance: an instance nested in it is inside a call (CanonicalABI.md call_might_be_recursive)`);
  poisonState(st, new Error('component instance reentered'));
  throw new Trap(`${name}: cannot enter component instance: it is already inside a call (no reentrance, CanonicalABI.md may_enter)`);
}

/** A host import's result could not be lowered (wrong JS value): a trap of the calling instance. */
export function importFail(name: string, e: unknown): unknown {
  if (!isValueError(e)) return e;
  return new Trap(`import ${name} returned a bad value: ${e.message}`, { cause: e });
}

/**
 * The error payload a host import threw for `result<T, E>` (DESIGN.md §4, as jco takes it): an object's `.payload`;
 * else a thrown non-Error value itself (preview2-shim throws raw values: `throw 'is-directory'`); else `NO_PAYLOAD`
 * (an `Error` without a payload is rethrown).
 */
export const NO_PAYLOAD: unique symbol = Symbol('no payload');
export function payloadOf(e: unknown): unknown {
  if (e !== null && typeof e === 'object' && 'payload' in e) return (e as { payload: unknown }).payload;
  return e instanceof Error ? NO_PAYLOAD : e;
}

/**
 * stream / future / error-context values (runtime/async/values.ts) are lifted and lowered by the async runtime, which
 * only async components load (link/async-backend.ts): until `installAsyncHandles` these slots throw.
 */
function asyncNotLoaded(): never {
  throw new UnsupportedError('stream, future and error-context values need the async runtime, which is not loaded: use `await Component.compile(bytes)` (or `await Component.loadAsync()` once), or a module transpiled from this component');
}
type AsyncLift = (t: HandleTable, kind: AsyncHandleKind, key: string, i: number, where: string) => unknown;
type AsyncLower = (t: HandleTable, kind: AsyncHandleKind, key: string, v: unknown, where: string) => number;
const liftAsyncHandle: AsyncLift = asyncNotLoaded;
const lowerAsyncHandle: AsyncLower = asyncNotLoaded;

export const glue = {
  out, alloc, MemView, ComponentError, Trap, fail, syncResult, enterFail, enterNested, exitNested, leaveFail, importFail, payloadOf, NO_PAYLOAD,
  lowerUtf8, lowerUtf16, lowerLatin1Utf16, liftUtf8, liftUtf16, liftLatin1Utf16,
  checkList, liftList, typedLength, storeTyped, mapEntries, liftMap, flagsBits, atIndex,
  lowerOwn, lowerBorrow, liftOwn, liftBorrow, release, lend, unlend, borrowsLeft, unlower, borrowLog, borrowRep, hostMethodOf, liftAsyncHandle, lowerAsyncHandle,
  badValue, badDisc, badEnum, badTag, charCode, checkNumber, liftChar, typeError, rangeError, f32ToI32, i32ToF32, f64ToI64, i64ToF64,
};
export type Glue = typeof glue;

/** Fills glue's async value slots (generated adapters read `h.liftAsyncHandle` when called); idempotent. */
export function installAsyncHandles(lift: AsyncLift, lower: AsyncLower): void {
  glue.liftAsyncHandle = lift;
  glue.lowerAsyncHandle = lower;
}
export { MemView, out };
export type { ReallocFn } from './memview.js';
