// Flags as an object of booleans with camelCase keys (CanonicalABI.md "Loading": load_flags /
// unpack_flags_from_int, "Storing": store_flags / pack_flags_into_int, lift/lower_flat_flags).
import type { FlagsType } from '../../types/index.js';
import { describe, ValueRangeError, ValueTypeError } from '../errors.js';
import { elemSizeFlags } from '../layout.js';
import { propertySegment, toCamelCase } from '../names.js';
import { u32, type ValueOps } from './core.js';
import { objectMaker } from './objects.js';

export function flagsOps(t: FlagsType): ValueOps {
  const size = elemSizeFlags(t.names);
  const names = t.names.map(toCamelCase);
  const known = new Set(names);
  const n = names.length;

  // CanonicalABI.md "Loading": unpack_flags_from_int (bits past the last label are ignored, as the spec does).
  const unpack = objectMaker<number>(names, names.map((_, i) => (_cx: unknown, bits: number) => ((bits >>> i) & 1) === 1));
  // CanonicalABI.md "Storing": pack_flags_into_int; absent flags are false, unknown keys are errors.
  function pack(v: unknown): number {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new ValueTypeError(`expected flags { ${names.join(', ')} } (an object of booleans), got ${describe(v)}`);
    }
    const o = v as Record<string, unknown>;
    let bits = 0;
    for (let i = 0; i < n; i++) {
      const b = o[names[i]!];
      if (b === true) bits |= 1 << i;
      else if (b !== false && b !== undefined) throw new ValueTypeError(`expected a boolean flag, got ${describe(b)}`, propertySegment(names[i]!));
    }
    for (const k of Object.keys(o)) {
      if (!known.has(k)) throw new ValueRangeError(`unknown flag '${k}' (expected some of ${names.join(', ')})`);
    }
    return bits >>> 0;
  }
  return {
    type: t, size, align: size, flat: ['i32'],
    load: (cx, p) => unpack(cx, size === 1 ? cx.dv.getUint8(p) : size === 2 ? cx.dv.getUint16(p, true) : cx.dv.getUint32(p, true)),
    store: (cx, v, p) => {
      const bits = pack(v);
      if (size === 1) cx.dv.setUint8(p, bits); else if (size === 2) cx.dv.setUint16(p, bits, true); else cx.dv.setUint32(p, bits, true);
    },
    liftFlat: (cx, vi) => unpack(cx, u32(vi.next())),
    lowerFlat: (_cx, v, out) => { out.push(pack(v)); },
  };
}
