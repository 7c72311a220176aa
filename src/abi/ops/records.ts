// Records (JS objects with camelCase fields) and tuples (JS arrays): CanonicalABI.md "Loading": load_record,
// "Storing": store_record, "Flat Lifting": lift_flat_record, "Flat Lowering": lower_flat_record.
import type { RecordType, TupleType, ValType } from '../../types/index.js';
import { describe, prependPath, ValueRangeError, ValueTypeError } from '../errors.js';
import { flattenTypeShared } from '../flatten.js';
import { despecialize, elemSize, alignment, fieldOffsets, type AddrType } from '../layout.js';
import { propertySegment, toCamelCase } from '../names.js';
import type { OpsFor, ValueOps } from './core.js';

export function recordOps(t: RecordType, addrType: AddrType, opsFor: OpsFor): ValueOps {
  const n = t.fields.length;
  const names = t.fields.map((f) => toCamelCase(f.name));
  const segments = names.map(propertySegment);
  const ops = t.fields.map((f) => opsFor(f.type, addrType));
  const offsets = fieldOffsets(t.fields, addrType);
  // A missing option field reads as none (undefined); any other missing field is an error.
  const optional = t.fields.map((f) => f.type.kind === 'option');

  function field(v: object, i: number): unknown {
    const x = (v as Record<string, unknown>)[names[i]!];
    if (x === undefined && !optional[i] && !(names[i]! in v)) {
      throw new ValueTypeError(`missing record field '${names[i]}'`, '');
    }
    return x;
  }
  function checkObject(v: unknown): object {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new ValueTypeError(`expected a record { ${names.join(', ')} } (an object), got ${describe(v)}`);
    }
    return v;
  }
  return {
    type: t, size: elemSize(t, addrType), align: alignment(t, addrType), flat: flattenTypeShared(t, addrType),
    load: (cx, p) => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) o[names[i]!] = ops[i]!.load(cx, p + offsets[i]!);
      return o;
    },
    store: (cx, v, p) => {
      const o = checkObject(v);
      for (let i = 0; i < n; i++) {
        try { ops[i]!.store(cx, field(o, i), p + offsets[i]!); } catch (e) { prependPath(e, segments[i]!); }
      }
    },
    liftFlat: (cx, vi) => {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) o[names[i]!] = ops[i]!.liftFlat(cx, vi);
      return o;
    },
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
    if (!Array.isArray(v)) throw new ValueTypeError(`expected a tuple of ${n} (an array), got ${describe(v)}`);
    if (v.length !== n) throw new ValueRangeError(`expected a tuple of ${n} elements, got an array of ${v.length}`);
    return v;
  }
  return {
    type: t, size: elemSize(t, addrType), align: alignment(t, addrType), flat: flattenTypeShared(t, addrType),
    load: (cx, p) => {
      const a: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) a[i] = ops[i]!.load(cx, p + offsets[i]!);
      return a;
    },
    store: (cx, v, p) => {
      const a = checkArray(v);
      for (let i = 0; i < n; i++) {
        try { ops[i]!.store(cx, a[i], p + offsets[i]!); } catch (e) { prependPath(e, `[${i}]`); }
      }
    },
    liftFlat: (cx, vi) => {
      const a: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) a[i] = ops[i]!.liftFlat(cx, vi);
      return a;
    },
    lowerFlat: (cx, v, out) => {
      const a = checkArray(v);
      for (let i = 0; i < n; i++) {
        try { ops[i]!.lowerFlat(cx, a[i], out); } catch (e) { prependPath(e, `[${i}]`); }
      }
    },
  };
}
