// Lifting and lowering whole values and argument/result lists (CanonicalABI.md "Loading", "Storing",
// "Flat Lifting", "Flat Lowering", "Lifting and Lowering Values"): the entry points the runtime calls.
import type { ValType } from '../types/index.js';
import type { AbiContext } from './context.js';
import { atLocation } from './errors.js';
import { alignment, elemSize, fieldOffsets, alignTo } from './layout.js';
import { CoreValueIter, opsFor, type Flat } from './ops/index.js';
import type { Field } from '../types/index.js';

// CanonicalABI.md "Loading": load (traps if `ptr` is misaligned or out of bounds).
export function load(cx: AbiContext, ptr: number, t: ValType): unknown {
  const ops = opsFor(t, cx.addrType);
  cx.refresh();
  cx.checkRange(ptr, ops.size, ops.align, 'value');
  return ops.load(cx, ptr);
}

// CanonicalABI.md "Storing": store (traps if `ptr` is misaligned or out of bounds; bad JS values throw).
export function store(cx: AbiContext, v: unknown, t: ValType, ptr: number): void {
  const ops = opsFor(t, cx.addrType);
  cx.refresh();
  cx.checkRange(ptr, ops.size, ops.align, 'value');
  ops.store(cx, v, ptr);
}

// CanonicalABI.md "Flat Lifting": lift_flat.
export function liftFlat(cx: AbiContext, vi: CoreValueIter, t: ValType): unknown {
  cx.refresh();
  return opsFor(t, cx.addrType).liftFlat(cx, vi);
}

// CanonicalABI.md "Flat Lowering": lower_flat (returns the core values).
export function lowerFlat(cx: AbiContext, v: unknown, t: ValType): Flat[] {
  cx.refresh();
  const out: Flat[] = [];
  opsFor(t, cx.addrType).lowerFlat(cx, v, out);
  return out;
}

/** Number of flat core values of a list of types. */
function flatCount(ts: readonly ValType[], cx: AbiContext): number {
  let n = 0;
  for (const t of ts) n += opsFor(t, cx.addrType).flat.length;
  return n;
}

const tupleFields = new WeakMap<readonly ValType[], readonly Field[]>();
function fieldsOf(ts: readonly ValType[]): readonly Field[] {
  let f = tupleFields.get(ts);
  if (f === undefined) {
    f = ts.map((type, i) => ({ name: String(i), type }));
    tupleFields.set(ts, f);
  }
  return f;
}

/** Size and alignment of the tuple of `ts` (the in-memory form of spilled parameters and results). */
function tupleLayout(ts: readonly ValType[], cx: AbiContext): { size: number; align: number; offsets: readonly number[] } {
  const fields = fieldsOf(ts);
  const offsets = fieldOffsets(fields, cx.addrType);
  let align = 1;
  for (const t of ts) align = Math.max(align, alignment(t, cx.addrType));
  const last = ts.length - 1;
  const size = last < 0 ? 0 : alignTo(offsets[last]! + elemSize(ts[last]!, cx.addrType), align);
  return { size, align, offsets };
}

// CanonicalABI.md "Lifting and Lowering Values": lift_flat_values (past `maxFlat` values, one pointer to a tuple).
export function liftFlatValues(cx: AbiContext, maxFlat: number, vi: CoreValueIter, ts: readonly ValType[]): unknown[] {
  cx.refresh();
  const out: unknown[] = new Array(ts.length);
  if (flatCount(ts, cx) > maxFlat) {
    const x = vi.next();
    const ptr = cx.addrType === 'i64' ? Number(BigInt.asUintN(64, BigInt(x))) : Number(x) >>> 0;
    const { size, align, offsets } = tupleLayout(ts, cx);
    cx.checkRange(ptr, size, align, 'spilled values');
    for (let i = 0; i < ts.length; i++) out[i] = opsFor(ts[i]!, cx.addrType).load(cx, ptr + offsets[i]!);
    return out;
  }
  for (let i = 0; i < ts.length; i++) out[i] = opsFor(ts[i]!, cx.addrType).liftFlat(cx, vi);
  return out;
}

/**
 * CanonicalABI.md "Lifting and Lowering Values": lower_flat_values. Past `maxFlat` values the tuple goes to memory:
 * at `outPtr` when given (a caller-supplied return area), else in space from realloc whose pointer is returned.
 * `where(i)` names value `i` for error messages (e.g. `i => \`greet(${names[i]})\``); a bad JS value throws a
 * `ValueTypeError`/`ValueRangeError` whose message reads `greet(name).points[3].x: expected ...`.
 */
export function lowerFlatValues(
  cx: AbiContext, maxFlat: number, vs: readonly unknown[], ts: readonly ValType[], outPtr?: number,
  where?: (i: number) => string,
): Flat[] {
  cx.refresh();
  const flat: Flat[] = [];
  let i = 0;
  try {
    if (flatCount(ts, cx) > maxFlat) {
      const { size, align, offsets } = tupleLayout(ts, cx);
      let ptr: number;
      if (outPtr === undefined) {
        ptr = cx.allocate(align, size, 'spilled values');
        flat.push(cx.flatPtr(ptr));
      } else {
        ptr = outPtr;
        cx.checkRange(ptr, size, align, 'return area');
      }
      for (; i < ts.length; i++) opsFor(ts[i]!, cx.addrType).store(cx, vs[i], ptr + offsets[i]!);
    } else {
      for (; i < ts.length; i++) opsFor(ts[i]!, cx.addrType).lowerFlat(cx, vs[i], flat);
    }
  } catch (e) {
    throw where === undefined ? e : atLocation(e, where(i));
  }
  return flat;
}


