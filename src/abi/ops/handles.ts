// Handle types: own/borrow (CanonicalABI.md "Loading": lift_own/lift_borrow, "Storing": lower_own/lower_borrow)
// and the async-only error-context/stream/future. The runtime owns the handle tables and implements the hooks.
import type { BorrowType, OwnType, ValType } from '../../types/index.js';
import { UnsupportedError } from '../../errors.js';
import type { AbiContext, HandleHooks } from '../context.js';
import { u32, type ValueOps } from './core.js';

function hooks(cx: AbiContext, t: ValType): HandleHooks {
  const h = cx.hooks;
  if (h === undefined) throw new UnsupportedError(`cannot lift or lower ${t.kind} handles: no handle table in this context`);
  return h;
}

function lift(cx: AbiContext, i: number, t: ValType): unknown {
  const h = hooks(cx, t);
  if (t.kind === 'own') return h.liftOwn(i, t as OwnType);
  if (t.kind === 'borrow') return h.liftBorrow(i, t as BorrowType);
  if (h.liftOther === undefined) throw new UnsupportedError(`${t.kind} values are not supported by this runtime`);
  return h.liftOther(i, t);
}

function lower(cx: AbiContext, v: unknown, t: ValType): number {
  const h = hooks(cx, t);
  if (t.kind === 'own') return h.lowerOwn(v, t as OwnType);
  if (t.kind === 'borrow') return h.lowerBorrow(v, t as BorrowType);
  if (h.lowerOther === undefined) throw new UnsupportedError(`${t.kind} values are not supported by this runtime`);
  return h.lowerOther(v, t);
}

/** Ops for own, borrow, error-context, stream and future: an i32 handle index in memory and flat. */
export function handleOps(t: ValType): ValueOps {
  return {
    type: t, size: 4, align: 4, flat: ['i32'],
    load: (cx, p) => lift(cx, cx.dv.getUint32(p, true), t),
    store: (cx, v, p) => { const i = lower(cx, v, t); cx.dv.setUint32(p, i, true); },
    liftFlat: (cx, vi) => lift(cx, u32(vi.next()), t),
    lowerFlat: (cx, v, out) => { out.push(lower(cx, v, t)); },
    // One flat value each way: the interpreter's per-arity paths (no flat arrays per call), own and borrow
    // dispatched here once rather than per call (resource method calls are on the hot path).
    lowerOne: t.kind === 'borrow' ? (cx, v) => hooks(cx, t).lowerBorrow(v, t as BorrowType)
      : t.kind === 'own' ? (cx, v) => hooks(cx, t).lowerOwn(v, t as OwnType) : (cx, v) => lower(cx, v, t),
    liftOne: t.kind === 'borrow' ? (cx, x) => hooks(cx, t).liftBorrow(u32(x), t as BorrowType)
      : t.kind === 'own' ? (cx, x) => hooks(cx, t).liftOwn(u32(x), t as OwnType) : (cx, x) => lift(cx, u32(x), t),
  };
}
