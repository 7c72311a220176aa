// Records (JS objects with camelCase fields) and tuples (JS arrays): CanonicalABI.md "Loading": load_record,
// "Storing": store_record, "Flat Lifting": lift_flat_record, "Flat Lowering": lower_flat_record.
import type { RecordType, TupleType, ValType } from '../../types/index.js';
import { describe, prependPath, ValueTypeError } from '../errors.js';
import { flattenTypeShared } from '../flatten.js';
import { despecialize, elemSize, alignment, fieldOffsets, type AddrType } from '../layout.js';
import { propertySegment, toCamelCase } from '../names.js';
import type { AbiContext } from '../context.js';
import { locating, type CoreValueIter, type OpsFor, type ValueOps } from './core.js';
import { objectAt, objectMaker, type Get } from './objects.js';

/** Builds tuples (arrays) from per-element getters; small arities as array literals (packed, no resizing). */
function arrayMaker<S>(gets: readonly Get<S>[]): (cx: AbiContext, src: S) => unknown[] {
  const [g0, g1, g2, g3] = gets as [Get<S>, Get<S>, Get<S>, Get<S>];
  switch (gets.length) {
    case 1: return (cx, s) => [g0(cx, s)];
    case 2: return (cx, s) => { const a = g0(cx, s); return [a, g1(cx, s)]; };
    case 3: return (cx, s) => { const a = g0(cx, s), b = g1(cx, s); return [a, b, g2(cx, s)]; };
    case 4: return (cx, s) => { const a = g0(cx, s), b = g1(cx, s), c = g2(cx, s); return [a, b, c, g3(cx, s)]; };
    default: return (cx, s) => {
      const a: unknown[] = new Array(gets.length);
      for (let i = 0; i < gets.length; i++) a[i] = gets[i]!(cx, s);
      return a;
    };
  }
}

/** Per-field getters for lift_flat and load of fields with `ops` at `offsets`; traps located at `segments`. */
function getters(ops: readonly ValueOps[], offsets: readonly number[], segments: readonly string[]): { flat: Get<CoreValueIter>[]; mem: Get<number>[] } {
  return {
    flat: ops.map((o, i) => locating(o.liftFlat, o.liftSafe, segments[i]!)),
    mem: ops.map((o, i) => { const load = o.load, off = offsets[i]!; return locating((cx, p: number) => load(cx, p + off), o.liftSafe, segments[i]!); }),
  };
}

/** Lifting a record or tuple cannot trap when lifting none of its fields can. */
function liftSafe(ops: readonly ValueOps[]): boolean {
  return ops.every((o) => o.liftSafe === true);
}

export function recordOps(t: RecordType, addrType: AddrType, opsFor: OpsFor): ValueOps {
  const n = t.fields.length;
  const names = t.fields.map((f) => toCamelCase(f.name));
  const segments = names.map(propertySegment);
  const ops = t.fields.map((f) => opsFor(f.type, addrType));
  const offsets = fieldOffsets(t.fields, addrType);
  // A missing field is `undefined` for its type (none for an option, an error naming the field otherwise).
  function field(v: object, i: number): unknown {
    return (v as Record<string, unknown>)[names[i]!];
  }
  function checkObject(v: unknown): object {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ValueTypeError(`expected an object for a record, got ${describe(v)}`);
    return v;
  }
  // Lifted fields are located as generated adapters locate them: `.key` (lowered ones by `propertySegment`).
  const liftSegments = names.map((k) => `.${k}`);
  return {
    type: t, size: elemSize(t, addrType), align: alignment(t, addrType), flat: flattenTypeShared(t, addrType), liftSafe: liftSafe(ops),
    load: objectAt(names, ops.map((o, i) => locating(o.load, o.liftSafe, liftSegments[i]!)), offsets),
    store: (cx, v, p) => {
      const o = checkObject(v);
      for (let i = 0; i < n; i++) {
        try { ops[i]!.store(cx, field(o, i), p + offsets[i]!); } catch (e) { prependPath(e, segments[i]!); }
      }
    },
    liftFlat: objectMaker(names, ops.map((o, i) => locating(o.liftFlat, o.liftSafe, liftSegments[i]!))),
    lowerFlat: (cx, v, out) => {
      const o = checkObject(v);
      for (let i = 0; i < n; i++) {
        try { ops[i]!.lowerFlat(cx, field(o, i), out); } catch (e) { prependPath(e, segments[i]!); }
      }
    },
  };
}

export function tupleOps(t: TupleType, addrType: AddrType, opsFor: OpsFor): ValueOps {
  const n = t.types.length;
  const ops = t.types.map((u: ValType) => opsFor(u, addrType));
  const offsets = fieldOffsets((despecialize(t) as RecordType).fields, addrType);

  function checkArray(v: unknown): readonly unknown[] {
    if (!Array.isArray(v) || v.length !== n) throw new ValueTypeError(`expected an array of length ${n} for a tuple, got ${describe(v)}`);
    return v;
  }
  // Elements are located as a JS array's, lifted or lowered: `[0]`, `[1]` (as generated adapters locate them).
  const get = getters(ops, offsets, ops.map((_o, i) => `[${i}]`));
  return {
    type: t, size: elemSize(t, addrType), align: alignment(t, addrType), flat: flattenTypeShared(t, addrType), liftSafe: liftSafe(ops),
    load: n === 0 ? () => [] : arrayMaker(get.mem),
    store: (cx, v, p) => {
      const a = checkArray(v);
      for (let i = 0; i < n; i++) {
        try { ops[i]!.store(cx, a[i], p + offsets[i]!); } catch (e) { prependPath(e, `[${i}]`); }
      }
    },
    liftFlat: n === 0 ? () => [] : arrayMaker(get.flat),
    lowerFlat: (cx, v, out) => {
      const a = checkArray(v);
      for (let i = 0; i < n; i++) {
        try { ops[i]!.lowerFlat(cx, a[i], out); } catch (e) { prependPath(e, `[${i}]`); }
      }
    },
  };
}
