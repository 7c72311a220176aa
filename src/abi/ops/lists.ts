// Lists: `list<T>` in memory as (ptr, length), `list<T, N>` inline (CanonicalABI.md "Loading": load_list,
// "Storing": store_list, "Flat Lifting": lift_flat_list, "Flat Lowering": lower_flat_list).
import type { ListType } from '../../types/index.js';
import { AbiContext, type TypedArray } from '../context.js';
import { describe, prependPath, valueTrap, ValueRangeError, ValueTypeError } from '../errors.js';
import { flattenTypeShared } from '../flatten.js';
import { alignment, elemSize, ptrSize, type AddrType } from '../layout.js';
import { flatPtr, type CoreValueIter, type Flat, type OpsFor, type ValueOps } from './core.js';
import { checkBigInt, checkFloat, checkInt } from './numbers.js';
import { checkListBytes, INT_LIMITS, MAX_LIST_BYTE_LENGTH } from '../checks.js';
import { listTooLong } from '../trap-texts.js';

export { MAX_LIST_BYTE_LENGTH };

type TypedCtor = {
  new (n: number): TypedArray;
  new (b: ArrayBuffer | SharedArrayBuffer, o: number, n: number): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
};

/** Numeric element kinds carried as typed arrays (DESIGN.md §4), with the element check for plain arrays. */
interface NumericList { readonly ctor: TypedCtor; readonly check: (v: unknown) => number | bigint }
const int = (kind: string) => (v: unknown): number => checkInt(kind, INT_LIMITS[kind]!, v);
const NUMERIC: Readonly<Record<string, NumericList>> = {
  u8: { ctor: Uint8Array, check: int('u8') },
  s8: { ctor: Int8Array, check: int('s8') },
  u16: { ctor: Uint16Array, check: int('u16') },
  s16: { ctor: Int16Array, check: int('s16') },
  u32: { ctor: Uint32Array, check: int('u32') },
  s32: { ctor: Int32Array, check: int('s32') },
  u64: { ctor: BigUint64Array as unknown as TypedCtor, check: (v) => checkBigInt('u64', v) },
  s64: { ctor: BigInt64Array as unknown as TypedCtor, check: (v) => checkBigInt('s64', v) },
  f32: { ctor: Float32Array, check: (v) => checkFloat('f32', v) },
  f64: { ctor: Float64Array, check: (v) => checkFloat('f64', v) },
};

function toTyped(ctor: TypedCtor, a: unknown[]): TypedArray {
  return (ctor as unknown as { from(a: unknown[]): TypedArray }).from(a);
}

/** The JS shape a list's values take: a typed array for numeric elements, else an array. */
function checkListValue(v: unknown, t: ListType, num: NumericList | undefined): ArrayLike<unknown> {
  if (num !== undefined) {
    if (v instanceof num.ctor) return v as ArrayLike<unknown>;
    if (Array.isArray(v)) return v;
    throw new ValueTypeError(`expected a ${num.ctor.name} or an array for list<${t.element.kind}>, got ${describe(v)}`);
  }
  if (Array.isArray(v)) return v;
  throw new ValueTypeError(`expected an array for a list, got ${describe(v)}`);
}

/** A fixed-length list `list<T, N>`: an array (or the matching typed array) of exactly N elements. */
function checkFixedValue(v: unknown, n: number, num: NumericList | undefined): ArrayLike<unknown> {
  if (!Array.isArray(v) && !(num !== undefined && v instanceof num.ctor)) {
    throw new ValueTypeError(`expected an array${num === undefined ? '' : ` or ${num.ctor.name}`} for list<_, ${n}>, got ${describe(v)}`);
  }
  const a = v as ArrayLike<unknown>;
  if (a.length !== n) throw new ValueRangeError(`expected a list of exactly ${n} elements, got ${describe(a.length)}`);
  return a;
}

export function listOps(t: ListType, addrType: AddrType, opsFor: OpsFor): ValueOps {
  const elem = opsFor(t.element, addrType);
  const es = elemSize(t.element, addrType);
  const ea = alignment(t.element, addrType);
  const num = AbiContext.littleEndian || t.element.kind === 'u8' || t.element.kind === 's8' ? NUMERIC[t.element.kind] : undefined;
  const numOrArray = NUMERIC[t.element.kind];

  /** Loads `n` elements at `ptr` (range already checked). */
  function loadElems(cx: AbiContext, ptr: number, n: number): unknown {
    if (num !== undefined) {
      const ctor = num.ctor;
      if (ctor === Uint8Array) return cx.u8.slice(ptr, ptr + n);
      const first = ptr / ctor.BYTES_PER_ELEMENT;
      return cx.view(ctor as never as typeof Uint32Array).slice(first, first + n);
    }
    const a: unknown[] = new Array(n);
    if (elem.liftSafe === true) for (let i = 0; i < n; i++) a[i] = elem.load(cx, ptr + i * es);
    else {
      // A trap in an element is located at `[]` (no index), as generated adapters locate it.
      try { for (let i = 0; i < n; i++) a[i] = elem.load(cx, ptr + i * es); } catch (e) { prependPath(e, '[]'); }
    }
    return numOrArray !== undefined ? toTyped(numOrArray.ctor, a) : a;
  }

  /** Stores the first `n` elements of `a` at `ptr` (space already allocated for `n`). */
  function storeElems(cx: AbiContext, a: ArrayLike<unknown>, ptr: number, n: number): void {
    if (num !== undefined && a instanceof num.ctor) {
      if (n !== 0) cx.view(num.ctor as never as typeof Uint32Array).set(a as never, ptr / num.ctor.BYTES_PER_ELEMENT);
      return;
    }
    if (num !== undefined) {
      const view = cx.view(num.ctor as never as typeof Uint32Array) as unknown as { [i: number]: number | bigint };
      const first = ptr / num.ctor.BYTES_PER_ELEMENT;
      for (let i = 0; i < n; i++) {
        let x: number | bigint;
        try { x = num.check(a[i]); } catch (e) { prependPath(e, `[${i}]`, '[]'); }
        view[first + i] = x;
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      try { elem.store(cx, a[i], ptr + i * es); } catch (e) { prependPath(e, `[${i}]`, '[]'); }
    }
  }

  // CanonicalABI.md "Loading": load_list_from_range.
  function loadListFromRange(cx: AbiContext, ptr: number, n: number): unknown {
    const bytes = n * es;
    if (bytes > MAX_LIST_BYTE_LENGTH) valueTrap('', listTooLong(n, bytes, MAX_LIST_BYTE_LENGTH));
    cx.checkRange(ptr, bytes, ea, 'list');
    cx.countLift(es > 0 ? bytes : n, 'list'); // zero-size elements still cost a JS slot each
    return loadElems(cx, ptr, n);
  }

  // CanonicalABI.md "Storing": store_list_into_range (returns the pointer; `n`, the length read once, is stored).
  function storeListIntoRange(cx: AbiContext, a: ArrayLike<unknown>, n: number): number {
    checkListBytes(n, es);
    const ptr = cx.allocate(ea, n * es, 'list');
    storeElems(cx, a, ptr, n);
    return ptr;
  }

  const flat = flattenTypeShared(t, addrType);
  if (t.length !== undefined) {
    const n = t.length;
    return {
      type: t, size: n * es, align: ea, flat, liftSafe: elem.liftSafe === true,
      load: (cx, p) => loadElems(cx, p, n),
      store: (cx, v, p) => {
        const a = checkFixedValue(v, n, numOrArray);
        storeElems(cx, a, p, n);
      },
      liftFlat: (cx, vi: CoreValueIter) => {
        const out: unknown[] = new Array(n);
        let i = 0;
        try { for (; i < n; i++) out[i] = elem.liftFlat(cx, vi); } catch (e) { prependPath(e, `[${i}]`); }
        return numOrArray !== undefined ? toTyped(numOrArray.ctor, out) : out;
      },
      lowerFlat: (cx, v, out: Flat[]) => {
        const a = checkFixedValue(v, n, numOrArray);
        for (let i = 0; i < n; i++) {
          try { elem.lowerFlat(cx, a[i], out); } catch (e) { prependPath(e, `[${i}]`); }
        }
      },
    };
  }
  const ps = ptrSize(addrType);
  return {
    type: t, size: 2 * ps, align: ps, flat,
    load: (cx, p) => loadListFromRange(cx, cx.loadPtr(p), cx.loadPtr(p + ps)),
    store: (cx, v, p) => {
      const a = checkListValue(v, t, numOrArray);
      const n = a.length;
      const begin = storeListIntoRange(cx, a, n);
      cx.storePtr(p, begin);
      cx.storePtr(p + ps, n);
    },
    liftFlat: (cx, vi) => {
      const begin = flatPtr(cx, vi.next());
      return loadListFromRange(cx, begin, flatPtr(cx, vi.next()));
    },
    lowerFlat: (cx, v, out) => {
      const a = checkListValue(v, t, numOrArray);
      const n = a.length;
      out.push(cx.flatPtr(storeListIntoRange(cx, a, n)), cx.flatPtr(n));
    },
  };
}
