// Flags as an object of booleans with camelCase keys (CanonicalABI.md "Loading": load_flags /
// unpack_flags_from_int, "Storing": store_flags / pack_flags_into_int, lift/lower_flat_flags).
import type { FlagsType } from '../../types/index.js';
import { packFlags } from '../checks.js';
import { elemSizeFlags } from '../layout.js';
import { toCamelCase } from '../names.js';
import { u32, type ValueOps } from './core.js';
import { objectMaker } from './objects.js';

export function flagsOps(t: FlagsType): ValueOps {
  const size = elemSizeFlags(t.names);
  const names = t.names.map(toCamelCase);

  // CanonicalABI.md "Loading": unpack_flags_from_int (bits past the last label are ignored, as the spec does).
  const unpack = objectMaker<number>(names, names.map((_, i) => (_cx: unknown, bits: number) => ((bits >>> i) & 1) === 1));
  return {
    type: t, size, align: size, flat: ['i32'], liftSafe: true,
    load: (cx, p) => unpack(cx, size === 1 ? cx.dv.getUint8(p) : size === 2 ? cx.dv.getUint16(p, true) : cx.dv.getUint32(p, true)),
    store: (cx, v, p) => {
      const bits = packFlags(v, names, cx.lenient);
      if (size === 1) cx.dv.setUint8(p, bits); else if (size === 2) cx.dv.setUint16(p, bits, true); else cx.dv.setUint32(p, bits, true);
    },
    liftFlat: (cx, vi) => unpack(cx, u32(vi.next())),
    lowerFlat: (cx, v, out) => { out.push(packFlags(v, names, cx.lenient)); },
  };
}
